using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Relearn.Core;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;

namespace Relearn.Server.Registry;

/// <summary>
/// Quality over HTTP: a version's ML Test Score (computed from what the stores know), its newest recorded behavioural
/// check, and manual test records (<c>{"tests": ["data-5"], "note"}</c>; unknown ids are a 400 naming them).
/// </summary>
internal static class QualityEndpoints
{
    /// <summary>Largest manual-record body.</summary>
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapQualityEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models").WithTags("Quality");
        models.MapGet("/{name}/versions/{version:int}/test-score", ScoreAsync)
            .WithName("GetTestScore").WithSummary("The ML Test Score of a version: 28 tests (Breck et al. 2017), automated, manual or missing, with evidence; the score is the least section total.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        models.MapGet("/{name}/versions/{version:int}/checks", ChecksAsync)
            .WithName("GetChecks").WithSummary("The newest recorded behavioural and non-functional check report of a version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/{name}/test-score/manual", RecordManualAsync)
            .WithName("RecordManualTests").WithSummary("Record that a person did rubric tests by hand (half a point each, for every version of the model).")
            .Accepts<ManualTestsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Ok<TestScoreReport>> ScoreAsync(string name, int version, ModelRegistry registry, ModelQuality quality, CancellationToken cancellationToken)
    {
        var found = await registry.ResolveAsync(new ModelReference(ModelReference.RequireName(name, "model name"), null, version), cancellationToken);
        return TypedResults.Ok(await quality.ScoreAsync(found, cancellationToken));
    }

    private static async Task<Ok<CheckReport>> ChecksAsync(string name, int version, ModelRegistry registry, ModelQuality quality, CancellationToken cancellationToken)
    {
        // Resolved first, so an unknown model or version is named as such rather than as a version never checked.
        var found = await registry.ResolveAsync(new ModelReference(ModelReference.RequireName(name, "model name"), null, version), cancellationToken);
        var recorded = await quality.Records.LatestAsync<CheckReport>(ModelQuality.CheckKindName, found.Name, found.Version, cancellationToken)
            ?? throw RelearnException.NotFound($"version {version} of '{name}' has no recorded check; run relearn models check {name}:{version}");
        return TypedResults.Ok(recorded.Report);
    }

    private static async Task<Ok<ManualTestsResponse>> RecordManualAsync(string name, HttpContext context, IModelRegistryStore store, ModelQuality quality,
        CancellationToken cancellationToken)
    {
        var model = await store.GetModelAsync(ModelReference.RequireName(name, "model name"), cancellationToken)
            ?? throw RelearnException.NotFound($"model '{name}' does not exist");
        using var body = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tests", out var testsField) || testsField.ValueKind != JsonValueKind.Array
            || testsField.GetArrayLength() == 0 || testsField.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw RelearnException.Invalid("the body must be {\"tests\": [\"data-5\", ...], \"note\": \"what was done\"} with at least one test id");
        }
        var ids = testsField.EnumerateArray().Select(t => t.GetString()!).ToList();
        if (TestScoreRubric.Unknown(ids) is { Count: > 0 } unknown)
        {
            throw RelearnException.Invalid($"unknown test id(s): {string.Join(", ", unknown)} (ids are data-1..7, model-1..7, infra-1..7, monitor-1..7)");
        }
        var note = root.TryGetProperty("note", out var noteField) && noteField.ValueKind == JsonValueKind.String && noteField.GetString() is { Length: > 0 } text
            ? text : throw RelearnException.Invalid("note is required: what was done and where the proof is");
        var by = "api:" + (context.User.Identity?.Name is { Length: > 0 } user ? user : "local");
        foreach (var id in ids.Distinct())
        {
            await quality.Records.RecordManualAsync(model.Name, id, note, by, cancellationToken);
        }
        return TypedResults.Ok(new ManualTestsResponse(model.Name, [.. ids.Distinct()], note, by));
    }
}

/// <summary>A manual record request.</summary>
/// <param name="Tests">Rubric test ids, e.g. <c>data-5</c>.</param>
/// <param name="Note">What was done and where the proof is.</param>
internal sealed record ManualTestsRequest(IReadOnlyList<string> Tests, string Note);

/// <summary>What was recorded.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Tests">Test ids recorded.</param>
/// <param name="Note">The note.</param>
/// <param name="By">Who.</param>
internal sealed record ManualTestsResponse(string Model, IReadOnlyList<string> Tests, string Note, string By);
