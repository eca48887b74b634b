using System.Text.Json.Nodes;

namespace Relearn.Server.Mlflow;

/// <summary>
/// The MLflow-compatible tracking and registry REST API under <c>/api/2.0/mlflow/</c>, over the same store as
/// <c>relearn train</c> and <c>relearn runs</c>. Every answer, errors included, is MLflow's JSON. The endpoints
/// are left out of the OpenAPI document: MLflow's REST reference is their specification (docs/mlflow-api-notes.txt).
/// </summary>
internal static class MlflowEndpoints
{
    public const string Prefix = "/api/2.0/mlflow";

    public delegate Task<JsonObject> Handler(MlflowRequest request, CancellationToken cancellationToken);

    public static IEndpointRouteBuilder MapMlflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).ExcludeFromDescription();
        group.MapExperimentEndpoints();
        group.MapRunEndpoints();
        group.MapRunDataEndpoints();
        group.MapRegistryEndpoints();
        // Anything else under the prefix answers in MLflow's shape too, not the server's problem+json.
        group.Map("/{**rest}", (HttpContext context) => MlflowErrors.Body("ENDPOINT_NOT_FOUND", StatusCodes.Status404NotFound,
            $"{context.Request.Method} {context.Request.Path} is not an MLflow endpoint this server has"));
        return app;
    }

    /// <summary>Maps one MLflow RPC: read fields, run, answer JSON; any exception becomes MLflow's error body.</summary>
    public static void Rpc(this RouteGroupBuilder group, string[] methods, string path, Handler handler) =>
        group.MapMethods(path, methods, async (HttpContext context) =>
        {
            var cancellationToken = context.RequestAborted;
            try
            {
                var request = await MlflowRequest.ReadAsync(context, cancellationToken);
                var response = await handler(request, cancellationToken);
                return Results.Content(response.ToJsonString(), "application/json");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return MlflowErrors.ToResult(context, e);
            }
        });

    public static readonly string[] Get = ["GET"];
    public static readonly string[] Post = ["POST"];
    public static readonly string[] GetOrPost = ["GET", "POST"];
    public static readonly string[] Patch = ["PATCH", "POST"];
    public static readonly string[] Delete = ["DELETE", "POST"];
}
