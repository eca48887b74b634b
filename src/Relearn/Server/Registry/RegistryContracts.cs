using System.Text.Json.Serialization;
using Relearn.Core.Registry;

namespace Relearn.Server.Registry;

/// <summary>A model with every version and where each came from.</summary>
internal sealed record ModelVersionsResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("aliases")] IReadOnlyDictionary<string, int> Aliases,
    [property: JsonPropertyName("versions")] IReadOnlyList<ModelVersionLineage> Versions);

/// <summary>One version with its lineage: version → run → dataset version.</summary>
internal sealed record ModelVersionLineage(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("servable")] bool Servable,
    // MLflow clients may log NaN and infinities; JSON has no literal for them, so they go out as MLflow writes them: "NaN", "Infinity".
    [property: JsonPropertyName("metrics"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double> Metrics,
    [property: JsonPropertyName("run")] RunLineage? Run,
    [property: JsonPropertyName("dataset")] DatasetLineage? Dataset,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("source")] string? Source);

/// <summary>The run a version came from; <c>status</c> is <c>missing</c> when the run no longer exists.</summary>
internal sealed record RunLineage(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("experiment_id")] long? ExperimentId,
    [property: JsonPropertyName("status")] string Status);

/// <summary>The dataset version the run trained on; rows and digest are null when only its id is known.</summary>
internal sealed record DatasetLineage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("rows")] long? Rows,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("source")] string? Source);

/// <summary>Body of a promotion.</summary>
internal sealed record PromoteRequest(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("force")] bool? Force,
    [property: JsonPropertyName("min_test_score")] double? MinTestScore);

/// <summary>Body of a rollback.</summary>
internal sealed record RollbackRequest([property: JsonPropertyName("alias")] string? Alias);

/// <summary>The outcome of a promotion the registry accepted (or found already in place).</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed record PromotionResponse(
    [property: JsonPropertyName("promoted")] bool Promoted,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("alias")] string Alias,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("previous_version")] int? PreviousVersion,
    [property: JsonPropertyName("metric")] string? Metric,
    [property: JsonPropertyName("challenger_score")] double? ChallengerScore,
    [property: JsonPropertyName("champion_score")] double? ChampionScore,
    [property: JsonPropertyName("reason")] string Reason)
{
    public static PromotionResponse From(PromotionResult r) =>
        new(r.Promoted, r.Model, r.Alias, r.Challenger, r.Champion, r.Metric, r.ChallengerScore, r.ChampionScore, r.Reason);
}

/// <summary>One entry of the alias audit log: who moved which alias from which version to which, when and why.</summary>
internal sealed record AliasMove(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("alias")] string Alias,
    [property: JsonPropertyName("from_version")] int? FromVersion,
    [property: JsonPropertyName("to_version")] int? ToVersion,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    public static AliasMove From(AliasChange c) => new(c.Id, c.Model, c.Alias, c.PreviousVersion, c.NewVersion, c.Action, c.Actor, c.Reason, c.At);
}

/// <summary>A page of the audit log, newest first; pass <c>next_before</c> as <c>before</c> for the next page.</summary>
internal sealed record AuditPage(
    [property: JsonPropertyName("entries")] IReadOnlyList<AliasMove> Entries,
    [property: JsonPropertyName("next_before")] long? NextBefore);
