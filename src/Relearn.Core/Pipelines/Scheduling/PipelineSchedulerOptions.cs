using Microsoft.Extensions.Configuration;

namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>Which pipelines a server or worker knows besides the built-ins, and how their schedules run (<c>Relearn:Pipelines</c>).</summary>
public sealed class PipelineSchedulerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Relearn:Pipelines";

    /// <summary>
    /// Appends <paramref name="files"/> (full paths) to <c>Relearn:Pipelines:Files</c> after those already configured:
    /// what <c>--pipeline FILE</c> on <c>relearn serve</c> and <c>relearn worker</c> does.
    /// </summary>
    public static void AddFiles(IConfiguration configuration, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(files);
        var configured = configuration.GetSection($"{Section}:{nameof(Files)}").GetChildren().Count();
        for (var i = 0; i < files.Count; i++)
        {
            configuration[$"{Section}:{nameof(Files)}:{configured + i}"] = Path.GetFullPath(files[i]);
        }
    }

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
