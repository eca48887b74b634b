namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>Which pipelines a server or worker knows besides the built-ins, and how their schedules run (<c>Relearn:Pipelines</c>).</summary>
public sealed class PipelineSchedulerOptions
{
    /// <summary>Pipeline files (<c>relearn.yaml</c>) to serve: run by name over HTTP and on their <c>schedules:</c>.</summary>
    public string[] Files { get; set; } = [];

    /// <summary>False to run no schedules in this process (the HTTP trigger still works).</summary>
    public bool Schedules { get; set; } = true;

    /// <summary>
    /// How long after its instant an occurrence still counts as on time. Later than that it was missed (the process was
    /// down) and the schedule's <c>missed:</c> policy decides: one catch-up run, or none.
    /// </summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest the scheduler sleeps between looks at the clock, so a changed clock or a store that came back is noticed.</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromMinutes(1);
}
