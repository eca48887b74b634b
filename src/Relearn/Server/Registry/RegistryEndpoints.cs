using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Quality;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Server.Registry;

/// <summary>
/// The registry beyond serving: versions with lineage, guarded promotion, rollback, and the alias audit log. Aliases
/// move through <see cref="ModelRegistry"/>, the path the CLI takes, so each move is audited and reaches the webhooks.
/// </summary>
internal static class RegistryEndpoints
{
    /// <summary>Largest promote/rollback body: a few small fields.</summary>
    private const long MaxBodyBytes = 16 * 1024;

    /// <summary>Largest audit page.</summary>
    public const int MaxAuditPage = 500;

    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models").WithTags("Registry");

        models.MapGet("/{name}/versions", ListVersionsAsync)
            .WithName("ListModelVersions").WithSummary("Every version of a model, newest first, with its lineage: run, dataset version, metrics, aliases.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        models.MapPost("/{name}/promote", PromoteAsync)
            .WithName("PromoteModel")
            .WithSummary("Point an alias at a version if it scores at least as well as the current holder on the challenger's held-out data and, with min_test_score, has at least that ML Test Score (or when forced). A refused promotion is 409 with the reason.")
            .Accepts<PromoteRequest>("application/json")
            .Produces<PromotionResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        models.MapPost("/{name}/rollback", RollbackAsync)
            .WithName("RollbackModel").WithSummary("Point an alias back at its previous holder.")
            .Accepts<RollbackRequest>("application/json")
            .Produces<AliasMove>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet("/api/v1/audit", ListAuditAsync).WithTags("Registry")
            .WithName("ListAliasAudit").WithSummary("The alias audit log, newest first: who moved which alias from which version to which, when and why.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Ok<ModelVersionsResponse>> ListVersionsAsync(string name, IModelRegistryStore store, ITrackingStore tracking,
        IDatasetCatalog datasets, CancellationToken cancellationToken)
    {
        var model = await store.GetModelAsync(ModelReference.RequireName(name, "model name"), cancellationToken)
            ?? throw RelearnException.NotFound($"model '{name}' does not exist");
        var versions = new List<ModelVersionLineage>();
        foreach (var v in await store.ListVersionsAsync(model.Name, cancellationToken))
        {
            var run = v.RunId.Length == 0 ? null : await tracking.GetRunAsync(v.RunId, cancellationToken);
            versions.Add(new ModelVersionLineage(v.Version, v.Task, v.CreatedAt,
                [.. model.Aliases.Where(a => a.Value == v.Version).Select(a => a.Key).Order(StringComparer.Ordinal)],
                v.IsServable, v.Metrics,
                v.RunId.Length == 0 ? null : new RunLineage(v.RunId, run?.Info.Name, run?.Info.ExperimentId,
                    run is null ? "missing" : run.Info.Status.ToString().ToLowerInvariant()),
                await DatasetAsync(v.DatasetVersion, datasets, cancellationToken), v.Description, v.Source));
        }
        return TypedResults.Ok(new ModelVersionsResponse(model.Name, model.Task, model.Aliases, versions));
    }

    private static async Task<DatasetLineage?> DatasetAsync(string? id, IDatasetCatalog datasets, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }
        var found = id.Split(':') is [var dsName, var dsVersion] && int.TryParse(dsVersion, CultureInfo.InvariantCulture, out var number)
            ? await datasets.GetAsync(dsName, number, cancellationToken)
            : null;
        return new DatasetLineage(id, found?.RowCount, found?.Digest, found?.Source);
    }

    private static async Task<IResult> PromoteAsync(string name, HttpContext context, ModelRegistry registry, ModelQuality quality, CancellationToken cancellationToken)
    {
        ModelReference.RequireName(name, "model name");
        using var body = await ReadObjectAsync(context.Request, cancellationToken);
        var root = body.RootElement;
        if (!root.TryGetProperty("version", out var versionField))
        {
            throw RelearnException.Invalid("version is required: the version number to promote");
        }
        if (versionField.ValueKind != JsonValueKind.Number || !versionField.TryGetInt32(out var version) || version < 1)
        {
            throw RelearnException.Invalid($"version must be a positive whole number, got {versionField.GetRawText()}");
        }
        var alias = OptionalString(root, "alias") ?? ModelRegistry.DefaultAlias;
        var force = root.TryGetProperty("force", out var forceField) && forceField.ValueKind != JsonValueKind.Null
            && (forceField.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? forceField.GetBoolean()
                : throw RelearnException.Invalid($"force must be true or false, got {forceField.GetRawText()}"));

        var minTestScore = OptionalMinTestScore(root);

        // The ML Test Score guard runs first, as in `relearn models promote --min-test-score` and the pipeline's promote step;
        // forcing skips it like the comparison.
        var result = (force || minTestScore is not { } bar ? null
                : await quality.GuardAsync(await registry.ResolveAsync(new ModelReference(name, null, version), cancellationToken), alias, bar, cancellationToken))
            ?? await registry.PromoteAsync(name, version, alias, force, evaluationData: null, Actor(context), cancellationToken);
        if (result.Refusal is { } refusal)
        {
            // Refused: the alias did not move because of the state it is in (a better holder, a version relearn cannot
            // score, or an ML Test Score under min_test_score); the reason and scores say why, and the hint says how this API forces it.
            var hint = refusal == PromotionRefusal.CannotScore
                ? "send \"force\": true to move the alias without evaluation"
                : "send \"force\": true to promote it anyway";
            return TypedResults.Problem($"{result.Reason}; {hint}", statusCode: StatusCodes.Status409Conflict, title: "Promotion refused",
                extensions: new Dictionary<string, object?>
                {
                    ["metric"] = result.Metric,
                    ["challenger_score"] = result.ChallengerScore,
                    ["champion_score"] = result.ChampionScore,
                    ["champion"] = result.Champion,
                });
        }
        return TypedResults.Ok(PromotionResponse.From(result));
    }

    private static async Task<Ok<AliasMove>> RollbackAsync(string name, HttpContext context, ModelRegistry registry, CancellationToken cancellationToken)
    {
        ModelReference.RequireName(name, "model name");
        using var body = await ReadObjectAsync(context.Request, cancellationToken);
        var alias = OptionalString(body.RootElement, "alias") ?? ModelRegistry.DefaultAlias;
        var change = await registry.RollbackAsync(name, alias, Actor(context), cancellationToken);
        return TypedResults.Ok(AliasMove.From(change));
    }

    private static async Task<Ok<AuditPage>> ListAuditAsync(string? model, string? before, string? limit, IModelRegistryStore store, CancellationToken cancellationToken)
    {
        var size = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxAuditPage))
        {
            throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"limit must be a whole number from 1 to {MaxAuditPage}, got '{limit}'"));
        }
        long? beforeId = null;
        if (before is not null)
        {
            beforeId = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw RelearnException.Invalid($"before must be an audit entry id (a positive whole number), got '{before}'");
        }
        var modelName = string.IsNullOrEmpty(model) ? null : ModelReference.RequireName(model, "model name");
        // One more than asked says whether another page follows.
        var entries = await store.ListAliasChangesAsync(modelName, beforeId, size + 1, cancellationToken);
        var page = entries.Take(size).Select(AliasMove.From).ToList();
        return TypedResults.Ok(new AuditPage(page, entries.Count > size ? page[^1].Id : null));
    }

    /// <summary>
    /// Who moved the alias, for the audit log and webhooks: <c>api:</c> and the token's name, or <c>api:local</c> on an
    /// open server, so the log tells this route from the MLflow API's <c>mlflow-api:NAME</c> and the CLI's <c>cli:USER</c>.
    /// </summary>
    private static string Actor(HttpContext context) => "api:" + (context.User.Identity?.Name is { Length: > 0 } name ? name : "local");

    private static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            body.Dispose();
            throw RelearnException.Invalid("the body must be a JSON object");
        }
        return body;
    }

    private static double? OptionalMinTestScore(JsonElement root) =>
        !root.TryGetProperty("min_test_score", out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var bar) && bar is >= 0 and <= TestScoreRubric.MaxSectionTotal ? bar
        : throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
            $"min_test_score must be a number from 0 to {TestScoreRubric.MaxSectionTotal} (the ML Test Score is the least section total), got {value.GetRawText()}"));

    private static string? OptionalString(JsonElement root, string field) =>
        !root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? ModelReference.RequireName(value.GetString(), field)
        : throw RelearnException.Invalid($"{field} must be a string, got {value.GetRawText()}");
}
