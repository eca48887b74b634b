namespace Relearn.Core.Pipelines.Definition;

/// <summary>
/// A parsed pipeline file (<c>relearn.yaml</c>) or built-in pipeline: params with defaults, stages in file order,
/// concurrency limits per tag, schedules and the model's retraining policy (<c>retrain:</c>). Values may hold <c>${params.x}</c> and <c>${stages.NAME.outputs.y}</c>
/// references, resolved per run; <see cref="PipelineValidator"/> checks everything before anything runs.
/// </summary>
public sealed record PipelineDefinition(
    string Name,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<StageDefinition> Stages,
    IReadOnlyDictionary<string, int> Concurrency,
    IReadOnlyList<ScheduleDefinition> Schedules,
    Rollout.RetrainPolicy? Retrain = null)
{
    /// <summary>The stage called <paramref name="name"/>; throws when there is none.</summary>
    public StageDefinition Stage(string name) =>
        Stages.FirstOrDefault(s => s.Name == name) ?? throw RelearnException.NotFound($"pipeline {Name} has no stage '{name}'");

    /// <summary>How many attempts with <paramref name="tag"/> may hold live leases at once (1 when the file sets no limit).</summary>
    public int ConcurrencyLimit(string tag) => Concurrency.TryGetValue(tag, out var limit) ? limit : 1;
}

/// <summary>One stage: what it runs (a named step), with what, what it produces and how it is retried.</summary>
/// <param name="Name">Stage name, unique in the pipeline.</param>
/// <param name="Step">Step name: a built-in step or <c>command</c>.</param>
/// <param name="Command">For <c>command</c>: program and arguments (templates).</param>
/// <param name="With">Step arguments (templates).</param>
/// <param name="Env">Environment of a command (templates).</param>
/// <param name="Inputs">Files under the project folder whose digests are part of the fingerprint (templates).</param>
/// <param name="Outputs">For <c>command</c>: files it writes under the project folder; for built-in steps: empty (the step declares them).</param>
/// <param name="After">Stages that must finish first, beyond those referenced in values.</param>
/// <param name="Retries">Attempts after the first when the step fails.</param>
/// <param name="Backoff">Delay before the first retry; doubles each time.</param>
/// <param name="Timeout">Longest one attempt may take, or null.</param>
/// <param name="ConcurrencyTag">Attempts with the same tag share the pipeline's concurrency limit for it, across processes.</param>
/// <param name="Alerts">Metric thresholds that fail the run red and notify.</param>
public sealed record StageDefinition(
    string Name,
    string Step,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> With,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<string> After,
    int Retries,
    TimeSpan Backoff,
    TimeSpan? Timeout,
    string? ConcurrencyTag,
    IReadOnlyList<AlertRule> Alerts)
{
    /// <summary>Every template of the stage (command, arguments, environment, inputs, alert thresholds), for finding references.</summary>
    public IEnumerable<string> Templates => Command.Concat(With.Values).Concat(Env.Values).Concat(Inputs)
        .Concat(Alerts.SelectMany(a => new[] { a.Below, a.Above, a.Webhook }).OfType<string>());

    /// <summary>Stages this one waits for: <see cref="After"/> plus those its values reference, in first-seen order.</summary>
    public IReadOnlyList<string> Upstream => After.Concat(Templates.SelectMany(t => Template.References(t)).Where(r => r.Stage is not null).Select(r => r.Stage!))
        .Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>A threshold on a metric a stage reports: below <see cref="Below"/> or above <see cref="Above"/> fails the run.</summary>
public sealed record AlertRule(string Metric, string? Below, string? Above, string? Webhook);

/// <summary>When the pipeline runs by itself: a cron expression (5 fields, or 6 with seconds) in an IANA time zone.</summary>
/// <param name="Name">Unique in the pipeline (default: its position, <c>1</c>, <c>2</c>, ...); with the occurrence it keys the claim that makes each occurrence run once.</param>
/// <param name="Cron">Cron expression.</param>
/// <param name="TimeZone">IANA time zone the expression is read in (daylight saving time included).</param>
/// <param name="Params">Param overrides for the scheduled runs.</param>
/// <param name="Missed">What happens to occurrences missed while no scheduler was running.</param>
public sealed record ScheduleDefinition(string Name, string Cron, string TimeZone, IReadOnlyDictionary<string, string> Params,
    MissedRunPolicy Missed = MissedRunPolicy.RunOnce);

/// <summary>What a scheduler does, when it starts, about occurrences that passed while none was running.</summary>
public enum MissedRunPolicy
{
    /// <summary>One catch-up run for the newest missed occurrence, never a burst (the default).</summary>
    RunOnce,
    /// <summary>Missed occurrences are dropped; the next run is the next occurrence.</summary>
    Skip,
}
