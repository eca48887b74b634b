using System.ComponentModel.DataAnnotations;

namespace Relearn.Core.Monitoring;

/// <summary>Scheduled monitoring in <c>relearn serve</c> (section <c>Relearn:Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Relearn:Monitoring";

    /// <summary>How often every served alias holder is checked (drift over <see cref="Window"/>, labelled metrics); zero turns checks off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The window each scheduled check compares (<c>30m</c>, <c>24h</c>, <c>7d</c>).</summary>
    [Required]
    public string Window { get; set; } = "24h";

    /// <summary>How many of the newest labels the labelled metrics use.</summary>
    [Range(1, ModelMonitor.MaxLabels)]
    public int Labels { get; set; } = ModelMonitor.DefaultLabels;
}
