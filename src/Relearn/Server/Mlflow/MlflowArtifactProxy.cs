using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Server.Mlflow;

/// <summary>
/// MLflow's artifact proxy, used by MLflow clients when a run's artifact_uri is <c>mlflow-artifacts:/...</c>:
/// <c>PUT|GET /api/2.0/mlflow-artifacts/artifacts/{path}</c> upload and download one file,
/// <c>GET /api/2.0/mlflow-artifacts/artifacts?path=</c> lists a folder, and the UI's
/// <c>GET /get-artifact?path=&amp;run_uuid=</c> downloads. Bytes go to the content-addressed artifact store and are
/// recorded as the run's artifacts, so <c>artifacts/list</c> and <c>relearn runs show</c> see them.
/// </summary>
internal static class MlflowArtifactProxy
{
    public const string Prefix = "/api/2.0/mlflow-artifacts";
    public const string ArtifactsRoute = Prefix + "/artifacts";

    /// <summary>Largest artifact one PUT may upload.</summary>
    public const long MaxArtifactBytes = 512L * 1024 * 1024;

    public static IEndpointRouteBuilder MapMlflowArtifactProxy(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).ExcludeFromDescription();
        group.MapPut("/artifacts/{**path}", Guarded(UploadAsync));
        group.MapGet("/artifacts/{**path}", Guarded(DownloadAsync));
        group.MapGet("/artifacts", Guarded(ListAsync));
        group.Map("/{**rest}", (HttpContext context) => MlflowErrors.Body("ENDPOINT_NOT_FOUND", StatusCodes.Status404NotFound,
            $"{context.Request.Method} {context.Request.Path} is not an MLflow artifact endpoint this server has"));
        app.MapGet("/get-artifact", Guarded(GetArtifactAsync)).ExcludeFromDescription();
        return app;
    }

    /// <summary>A route handler (a Delegate, so its result is written) that answers any failure in MLflow's shape.</summary>
    private static Func<HttpContext, Task<IResult>> Guarded(Func<HttpContext, CancellationToken, Task<IResult>> handler) =>
        context => GuardedAsync(context, handler);

    private static async Task<IResult> GuardedAsync(HttpContext context, Func<HttpContext, CancellationToken, Task<IResult>> handler)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            return await handler(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return MlflowErrors.ToResult(context, e);
        }
    }

    private static async Task<IResult> UploadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var target = MlflowArtifactPath.Parse(MlflowArtifactPath.FromRequestTarget(context, ArtifactsRoute), fileRequired: true);
        if (context.Request.ContentLength > MaxArtifactBytes)
        {
            throw TooLarge(context.Request.ContentLength.Value);
        }
        var tracking = context.RequestServices.GetRequiredService<ITrackingStore>();
        var run = await target.RequireRunAsync(tracking, cancellationToken);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxArtifactBytes + 1; // the limit below answers first, in MLflow's shape
        }
        await using var body = new SizeLimitedStream(context.Request.Body, MaxArtifactBytes, TooLarge);
        var stored = await context.RequestServices.GetRequiredService<IArtifactStore>().PutAsync(body, cancellationToken);
        await tracking.AddArtifactAsync(run.Info.RunId, target.File, stored, cancellationToken);
        return Results.Content("{}", "application/json");
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var target = MlflowArtifactPath.Parse(MlflowArtifactPath.FromRequestTarget(context, ArtifactsRoute), fileRequired: true);
        var run = await target.RequireRunAsync(context.RequestServices.GetRequiredService<ITrackingStore>(), cancellationToken);
        return await FileAsync(context, run, target.File, cancellationToken);
    }

    private static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var target = MlflowArtifactPath.Parse(context.Request.Query["path"].ToString(), fileRequired: false);
        var run = await target.RequireRunAsync(context.RequestServices.GetRequiredService<ITrackingStore>(), cancellationToken);
        var prefix = target.File.Length == 0 ? "" : target.File + "/";
        var files = MlflowArtifactListing.List(run.Artifacts, target.File).Select(f =>
        {
            // The proxy lists names relative to the folder asked for, unlike artifacts/list.
            var item = new JsonObject { ["path"] = f.Path[prefix.Length..], ["is_dir"] = f.IsDirectory };
            if (!f.IsDirectory)
            {
                item["file_size"] = f.Size.ToString(CultureInfo.InvariantCulture);
            }
            return (JsonNode)item;
        });
        return Results.Content(new JsonObject { ["files"] = new JsonArray([.. files]) }.ToJsonString(), "application/json");
    }

    private static async Task<IResult> GetArtifactAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var runId = query["run_uuid"].ToString() is { Length: > 0 } uuid ? uuid : query["run_id"].ToString();
        if (runId.Length == 0)
        {
            throw MlflowException.Invalid("Missing value for required parameter 'run_uuid'");
        }
        var file = MlflowArtifactListing.ValidatePath(query["path"].ToString());
        if (file.Length == 0)
        {
            throw MlflowException.Invalid("Missing value for required parameter 'path'");
        }
        var run = await context.RequestServices.GetRequiredService<ITrackingStore>().GetRunAsync(runId, cancellationToken)
            ?? throw MlflowException.NotFound($"Run '{runId}' not found");
        return await FileAsync(context, run, file, cancellationToken);
    }

    private static async Task<IResult> FileAsync(HttpContext context, Run run, string file, CancellationToken cancellationToken)
    {
        var artifact = run.Artifacts.FirstOrDefault(a => a.Path == file)
            ?? throw MlflowException.NotFound($"Run '{run.Info.RunId}' has no artifact '{file}'");
        var content = await context.RequestServices.GetRequiredService<IArtifactStore>().OpenReadAsync(artifact.Digest, cancellationToken);
        return Results.Stream(content, "application/octet-stream", fileDownloadName: Path.GetFileName(file));
    }

    private static MlflowException TooLarge(long bytes) => MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
        $"The artifact is {bytes} bytes or more, over the limit of {MaxArtifactBytes} bytes ({MaxArtifactBytes / (1024 * 1024)} MiB) for one upload"));
}
