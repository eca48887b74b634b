using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Registry;
using Relearn.Core.Serving;

namespace Relearn.Server;

/// <summary><c>POST /api/v1/models/{name}/feedback</c>: labels that arrive after the prediction, joined to it by <c>prediction_id</c>.</summary>
internal static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/models/{name}/feedback", async (string name, HttpContext context, FeedbackService feedback, IPredictionStore store,
                IOptions<ServingOptions> options, ServingMetrics metrics, CancellationToken cancellationToken) =>
            {
                ModelReference.RequireName(name, "model name");
                using var body = await JsonBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
                var accepted = await feedback.SubmitAsync(name, body.RootElement, cancellationToken);
                foreach (var item in FeedbackRequest.Items(body.RootElement))
                {
                    var outcome = item.Item.TryGetProperty("outcome", out var o) && o.ValueKind == System.Text.Json.JsonValueKind.String ? o.GetString()! : "";
                    metrics.Feedback.WithLabels(name, outcome).Inc();
                }
                return TypedResults.Accepted((string?)null, new FeedbackAccepted(accepted));
            })
            .WithTags("Models").WithName("Feedback")
            .WithSummary("Labels for earlier predictions: {\"prediction_id\", \"label\"} or {\"items\": [...]} (at most 1,000) → 202.")
            .Accepts<FeedbackRequestBody>("application/json")
            .Produces<FeedbackAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }
}
