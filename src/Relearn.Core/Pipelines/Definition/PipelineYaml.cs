using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Relearn.Core.Pipelines.Definition;

/// <summary>Reads a pipeline file. Syntax errors and unknown keys become one line naming the file and line.</summary>
public static partial class PipelineYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="source"/> names it in errors (a file name or <c>pipeline NAME</c>).</summary>
    public static PipelineDefinition Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        PipelineFile? file;
        try
        {
            file = Deserializer.Deserialize<PipelineFile?>(yaml);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
            throw RelearnException.Invalid($"{source} line {e.Start.Line}: {Simplify(reason)}", e);
        }
        if (file is null || string.IsNullOrWhiteSpace(file.Name))
        {
            throw RelearnException.Invalid($"{source}: the pipeline needs a name");
        }
        if (file.Stages is not { Count: > 0 })
        {
            throw RelearnException.Invalid($"{source}: the pipeline has no stages");
        }
        return new PipelineDefinition(
            file.Name,
            file.Params ?? [],
            file.Stages.Select(s => ToStage(s.Key, s.Value ?? new StageFile())).ToArray(),
            file.Concurrency ?? [],
            (file.Schedules ?? []).Select((s, i) => ToSchedule(s, i + 1)).ToArray(),
            ToRetrain(file.Retrain, source));
    }

    private static ScheduleDefinition ToSchedule(ScheduleFile schedule, int index)
    {
        var name = string.IsNullOrWhiteSpace(schedule.Name) ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : schedule.Name;
        var missed = schedule.Missed switch
        {
            null or "run-once" => MissedRunPolicy.RunOnce,
            "skip" => MissedRunPolicy.Skip,
            var other => throw RelearnException.Invalid($"schedule {name}: missed: '{other}' is not skip or run-once"),
        };
        return new ScheduleDefinition(name, schedule.Cron ?? "", schedule.Timezone ?? "UTC", schedule.Params ?? [], missed);
    }

    private static StageDefinition ToStage(string name, StageFile stage)
    {
        var command = stage.Command ?? (stage.Run is { } shell ? ["/bin/sh", "-c", shell] : []);
        var step = stage.Step ?? (command.Count > 0 ? Steps.CommandStep.StepName : "");
        return new StageDefinition(name, step, command, stage.With ?? [], stage.Env ?? [], stage.Inputs ?? [], stage.Outputs ?? [], stage.After ?? [],
            stage.Retries, Duration(name, "backoff", stage.Backoff) ?? TimeSpan.FromSeconds(1), Duration(name, "timeout", stage.Timeout), stage.Concurrency,
            (stage.Alerts ?? []).Select(a => new AlertRule(a.Metric ?? "", a.Below, a.Above, a.Webhook)).ToArray());
    }

    /// <summary>Parses <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c> (or a bare number of seconds).</summary>
    public static TimeSpan? Duration(string stage, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text[^1] switch { 's' => (text[..^1], 1.0), 'm' => (text[..^1], 60.0), 'h' => (text[..^1], 3600.0), _ => (text, 1.0) };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? TimeSpan.FromSeconds(amount * unit)
            : throw RelearnException.Invalid($"stage {stage}: {key} '{value}' is not a duration (e.g. 500ms, 30s, 10m, 2h)");
    }

    private static string Simplify(string reason) =>
        reason.StartsWith("Property '", StringComparison.Ordinal) && reason.IndexOf("' not found", StringComparison.Ordinal) is > 10 and var end
            ? $"unknown key '{reason[10..end]}'"
            : reason;

    // The file's shape, as YamlDotNet fills it.
    private sealed class PipelineFile
    {
        public string? Name { get; set; }
        public Dictionary<string, string>? Params { get; set; }
        public Dictionary<string, StageFile?>? Stages { get; set; }
        public Dictionary<string, int>? Concurrency { get; set; }
        public List<ScheduleFile>? Schedules { get; set; }
        public RetrainFile? Retrain { get; set; }
    }

    private sealed class StageFile
    {
        public string? Step { get; set; }
        public List<string>? Command { get; set; }
        public string? Run { get; set; }
        public Dictionary<string, string>? With { get; set; }
        public Dictionary<string, string>? Env { get; set; }
        public List<string>? Inputs { get; set; }
        public List<string>? Outputs { get; set; }
        public List<string>? After { get; set; }
        public int Retries { get; set; }
        public string? Backoff { get; set; }
        public string? Timeout { get; set; }
        public string? Concurrency { get; set; }
        public List<AlertFile>? Alerts { get; set; }
    }

    private sealed class AlertFile
    {
        public string? Metric { get; set; }
        public string? Below { get; set; }
        public string? Above { get; set; }
        public string? Webhook { get; set; }
    }

    private sealed class ScheduleFile
    {
        public string? Name { get; set; }
        public string? Cron { get; set; }
        public string? Timezone { get; set; }
        public string? Missed { get; set; }
        public Dictionary<string, string>? Params { get; set; }
    }
}
