using System.Text.Json.Serialization;
using Relearn.Cli;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Server.Pipelines;

/// <summary>The pipelines this server knows: built-ins and configured files.</summary>
internal sealed record PipelineList([property: JsonPropertyName("pipelines")] IReadOnlyList<PipelineSummary> Pipelines);

/// <summary>A pipeline: its stages, schedules with their next run, and its newest run.</summary>
internal sealed record PipelineSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("stages")] IReadOnlyList<string> Stages,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Params,
    [property: JsonPropertyName("schedules")] IReadOnlyList<ScheduleSummary> Schedules,
    [property: JsonPropertyName("last_run")] PipelineRunSummary? LastRun);

/// <summary>A schedule; <c>next_run</c> is null when the expression never fires again.</summary>
internal sealed record ScheduleSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cron")] string Cron,
    [property: JsonPropertyName("timezone")] string TimeZone,
    [property: JsonPropertyName("missed")] string Missed,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Params,
    [property: JsonPropertyName("next_run")] DateTimeOffset? NextRun);

/// <summary>Runs, newest first.</summary>
internal sealed record PipelineRunList([property: JsonPropertyName("runs")] IReadOnlyList<PipelineRunSummary> Runs);

/// <summary>A run without its stages.</summary>
internal sealed record PipelineRunSummary(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>
/// A run with its DAG: each stage with the stages it waits for, its state (that of its newest attempt, or <c>pending</c>),
/// cache <c>hit</c> or <c>miss</c>, attempts, duration, error and fingerprint. A run whose coordinator stopped
/// heartbeating reads <c>interrupted</c> and its attempts <c>abandoned</c>, never <c>running</c>.
/// </summary>
internal sealed record PipelineRunDetail(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Params,
    [property: JsonPropertyName("forced")] IReadOnlyList<string> Forced,
    [property: JsonPropertyName("stages")] IReadOnlyList<PipelineStageDetail> Stages);

/// <summary>One stage of a run.</summary>
internal sealed record PipelineStageDetail(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("after")] IReadOnlyList<string> After,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("cache")] string Cache,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("fingerprint")] string? Fingerprint,
    [property: JsonPropertyName("outputs")] IReadOnlyDictionary<string, StageOutput> Outputs,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics,
    [property: JsonPropertyName("history")] IReadOnlyList<PipelineAttemptDetail> History);

/// <summary>One attempt of a stage; <c>has_log</c> says whether the log endpoint has its output.</summary>
internal sealed record PipelineAttemptDetail(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("has_log")] bool HasLog,
    [property: JsonPropertyName("lease_owner")] string? LeaseOwner,
    [property: JsonPropertyName("cached_from_run")] string? CachedFromRun);

/// <summary>The body of a trigger: param overrides and stages to run even when cached. Both optional; so is the body.</summary>
internal sealed record PipelineTriggerRequest(
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string>? Params,
    [property: JsonPropertyName("force")] IReadOnlyList<string>? Force);

/// <summary>The answer to a trigger or resume: the run, accepted and running in the background; poll <c>Location</c>.</summary>
internal sealed record PipelineRunAccepted(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("trigger")] string Trigger);

internal static class PipelineContractMapping
{
    public static PipelineStageDetail Detail(StageView stage, string? fingerprint) => new(stage.Stage, stage.After, stage.State, stage.Cache, stage.Attempts,
        stage.DurationSeconds, stage.Error, fingerprint, stage.Outputs, stage.Metrics,
        stage.History.Select(a => new PipelineAttemptDetail(a.Attempt, a.State, a.StartedAt, a.EndedAt, (a.EndedAt - a.StartedAt)?.TotalSeconds, a.Error,
            a.LogDigest is not null, a.LeaseOwner, a.CachedFromRun)).ToArray());
}
