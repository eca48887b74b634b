using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Cli;

/// <summary>A pipeline run as <c>--format json</c> prints it: the run and each stage of its DAG with every attempt.</summary>
internal sealed record PipelineView(string RunId, string Pipeline, string State, string Trigger, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt,
    IReadOnlyDictionary<string, string> Params, IReadOnlyList<StageView> Stages)
{
    public static PipelineView Of(PipelineRun run, IReadOnlyList<StageAttempt> attempts, PipelineDefinition? definition = null)
    {
        var order = definition is null ? attempts.Select(a => (a.Stage, After: (IReadOnlyList<string>)[])).DistinctBy(s => s.Stage).ToArray()
            : PipelineGraph.Order(definition).Select(s => (Stage: s.Name, After: s.Upstream)).ToArray();
        return new PipelineView(run.Id, run.Pipeline, Lower(run.State), run.Trigger, run.Error, run.CreatedAt, run.EndedAt, run.Params,
            order.Select(s => StageView.Of(s.Stage, s.After, attempts.Where(a => a.Stage == s.Stage).ToArray())).ToArray());
    }

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>One stage: its state (that of its last attempt, or <c>pending</c>), cache hit or miss, attempts and outputs.</summary>
internal sealed record StageView(string Stage, IReadOnlyList<string> After, string State, string Cache, int Attempts, double? DurationSeconds, string? Error,
    IReadOnlyDictionary<string, StageOutput> Outputs, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<AttemptView> History)
{
    public static StageView Of(string stage, IReadOnlyList<string> after, IReadOnlyList<StageAttempt> attempts)
    {
        var last = attempts.Count > 0 ? attempts[^1] : null;
        var cache = last is null || last.State == StageState.Running ? "" : last.State == StageState.Cached ? "hit" : last.Fingerprint is null ? "" : "miss";
        return new StageView(stage, after, last is null ? "pending" : PipelineView.Lower(last.State), cache, attempts.Count, last?.Duration?.TotalSeconds,
            last?.Error, last?.Outputs ?? new Dictionary<string, StageOutput>(), last?.Metrics ?? new Dictionary<string, double>(),
            attempts.Select(a => new AttemptView(a.Attempt, PipelineView.Lower(a.State), a.StartedAt, a.EndedAt, a.Error, a.LogDigest, a.LeaseOwner,
                a.CachedFromRun)).ToArray());
    }
}

/// <summary>One attempt: its state, times, error, log (artifact digest) and owner.</summary>
internal sealed record AttemptView(int Attempt, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Error, string? LogDigest,
    string? LeaseOwner, string? CachedFromRun);
