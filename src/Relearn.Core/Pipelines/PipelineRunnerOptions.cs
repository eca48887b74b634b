using System.ComponentModel.DataAnnotations;

namespace Relearn.Core.Pipelines;

/// <summary>How pipeline runs hold their work (configuration section <c>Relearn:Pipelines</c>, e.g. <c>Relearn__Pipelines__LeaseDuration=00:00:05</c>).</summary>
public sealed class PipelineRunnerOptions
{
    /// <summary>How long a lease on a run or a stage lasts without a heartbeat; a dead owner's work is reclaimed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a live owner renews its leases (well under <see cref="LeaseDuration"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:20:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stages of one run executed at once by the in-process executor.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>How long to wait before asking again for a stage that is throttled or leased by another owner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Webhook for every alert that names none.</summary>
    public Uri? AlertWebhook { get; set; }
}
