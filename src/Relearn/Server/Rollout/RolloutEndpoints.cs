using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Rollout;

namespace Relearn.Server.Rollout;

/// <summary>
/// Staged rollouts over HTTP, the same operations as <c>relearn models rollout status|start|promote|abort</c>: each moves
/// aliases through <see cref="RolloutService"/>, so every move is audited (with both sides' evidence) and reaches the webhooks.
/// </summary>
internal static class RolloutEndpoints
{
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapRolloutEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models").WithTags("Rollout");
        models.MapGet("/{name}/rollout", async (string name, RolloutService rollouts, CancellationToken cancellationToken) =>
                Json(await rollouts.StatusAsync(name, cancellationToken: cancellationToken)))
            .WithName("GetRollout").WithSummary("The model's live rollout (stage, traffic share, both sides' counts and labelled metric so far) and its decided rollouts.")
            .Produces<RolloutStatus>().ProducesProblem(StatusCodes.Status404NotFound);

        models.MapPost("/{name}/rollout", async (string name, HttpContext context, RolloutService rollouts, CancellationToken cancellationToken) =>
            {
                using var body = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
                var request = RolloutStartRequest.Read(body.RootElement);
                var started = await rollouts.StartAsync(name, request.Version, request.Mode, request.Share, request.Settings, Actor(context), cancellationToken);
                return Results.Json(started, JsonDefaults.Compact, statusCode: StatusCodes.Status201Created);
            })
            .WithName("StartRollout")
            .WithSummary("Start a rollout: the version (default: the latest) goes to staging, then to canary with a traffic share or to shadow; the gate decides.")
            .Produces<RolloutState>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        models.MapPost("/{name}/rollout/promote", async (string name, HttpContext context, RolloutService rollouts, CancellationToken cancellationToken) =>
                Json(await rollouts.PromoteAsync(name, Actor(context), cancellationToken)))
            .WithName("PromoteRollout").WithSummary("Promote the live rollout's challenger to production now.")
            .Produces<RolloutState>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        models.MapPost("/{name}/rollout/abort", async (string name, HttpContext context, RolloutService rollouts, CancellationToken cancellationToken) =>
            {
                string? reason = null;
                if (context.Request.ContentLength is > 0 || context.Request.HasJsonContentType())
                {
                    using var body = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
                    reason = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
                        ? r.GetString() : null;
                }
                return Json(await rollouts.AbortAsync(name, Actor(context), reason, cancellationToken));
            })
            .WithName("AbortRollout").WithSummary("Roll the live rollout back now: production untouched, the challenger's aliases removed, the reason recorded.")
            .Produces<RolloutState>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static IResult Json<T>(T value) => Results.Json(value, JsonDefaults.Compact);

    private static string Actor(HttpContext context) => context.User.Identity?.Name is { Length: > 0 } user ? $"api:{user}" : "api";
}

/// <summary>The body of <c>POST /api/v1/models/{name}/rollout</c>: <c>{"version", "mode", "share", "min_requests", "min_labels", ...}</c>.</summary>
internal sealed record RolloutStartRequest(int? Version, string Mode, double Share, RolloutSettings Settings)
{
    public static RolloutStartRequest Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw RelearnException.Invalid("the body must be an object");
        }
        string? Text(string key) => body.TryGetProperty(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw RelearnException.Invalid($"{key} must be a string or a number"),
        } : null;
        var plan = RolloutPlanText.Parse(new Dictionary<string, string?>
        {
            ["mode"] = Text("mode"), ["share"] = Text("share"), ["min_requests"] = Text("min_requests"), ["min_labels"] = Text("min_labels"),
            ["min_duration"] = Text("min_duration"), ["max_duration"] = Text("max_duration"), ["metric"] = Text("metric"),
            ["metric_margin"] = Text("metric_margin"), ["error_rate_margin"] = Text("error_rate_margin"), ["p99_margin_ms"] = Text("p99_margin_ms"),
            ["alert_webhook"] = Text("alert_webhook"),
        }, "");
        var version = Text("version");
        return new RolloutStartRequest(version is null ? null
            : int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw RelearnException.Invalid($"version '{version}' is not a positive whole number"), plan.Mode, plan.Share, plan.Settings);
    }
}
