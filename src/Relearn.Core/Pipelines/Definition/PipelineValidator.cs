using System.Globalization;
using Cronos;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Pipelines.Definition;

/// <summary>
/// Checks a pipeline before anything runs. Every problem is one line naming the stage (or schedule) and what is wrong:
/// an unknown step or argument, an undefined param, a reference to a missing stage or output, a missing input file,
/// a dependency cycle, a bad cron expression or time zone.
/// </summary>
public static class PipelineValidator
{
    /// <summary>
    /// Validates <paramref name="pipeline"/> with <paramref name="parameters"/> (from <see cref="ResolveParams"/>);
    /// input files are looked up under <paramref name="projectFolder"/>. Returns the stages in dependency order.
    /// </summary>
    public static IReadOnlyList<StageDefinition> Validate(PipelineDefinition pipeline, PipelineStepCatalog steps, string projectFolder,
        IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(steps);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            if (!names.Add(stage.Name))
            {
                throw Problem(stage, "is defined twice");
            }
        }
        foreach (var stage in pipeline.Stages)
        {
            ValidateStage(pipeline, stage, steps, projectFolder, parameters);
        }
        var scheduleNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schedule in pipeline.Schedules)
        {
            if (!scheduleNames.Add(schedule.Name))
            {
                throw RelearnException.Invalid($"schedule {schedule.Name}: is defined twice");
            }
            ValidateSchedule(pipeline, schedule);
        }
        if (pipeline.Retrain?.FeedbackStage is { } feedback && !names.Contains(feedback))
        {
            throw RelearnException.Invalid($"retrain.feedback_stage: pipeline {pipeline.Name} has no stage '{feedback}'");
        }
        return PipelineGraph.Order(pipeline);
    }

    /// <summary>The pipeline's params with <paramref name="overrides"/> applied; an override the pipeline does not define is an error.</summary>
    public static IReadOnlyDictionary<string, string> ResolveParams(PipelineDefinition pipeline, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var resolved = new SortedDictionary<string, string>(pipeline.Params.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            if (!resolved.ContainsKey(key))
            {
                throw RelearnException.Invalid($"--param {key}: pipeline {pipeline.Name} has no param '{key}' (params: {string.Join(", ", resolved.Keys)})");
            }
            resolved[key] = value;
        }
        return resolved;
    }

    private static void ValidateStage(PipelineDefinition pipeline, StageDefinition stage, PipelineStepCatalog steps, string projectFolder,
        IReadOnlyDictionary<string, string> parameters)
    {
        if (stage.Name.Length == 0 || !stage.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw Problem(stage, "has a bad name: use letters, digits, '-' and '_'");
        }
        if (stage.Step.Length == 0)
        {
            throw Problem(stage, "has no step: give step: NAME, command: [...] or run: '...'");
        }
        var step = steps.Find(stage.Step) ?? throw Problem(stage, $"unknown step '{stage.Step}' (known: {string.Join(", ", steps.Names)})");
        var signature = step.Signature;
        foreach (var key in stage.With.Keys.Where(k => !signature.Required.Contains(k) && !signature.Optional.Contains(k)))
        {
            throw Problem(stage, $"step '{stage.Step}' takes no argument '{key}' (arguments: {string.Join(", ", signature.Required.Concat(signature.Optional))})");
        }
        foreach (var key in signature.Required.Where(k => !stage.With.ContainsKey(k)))
        {
            throw Problem(stage, $"step '{stage.Step}' needs the argument '{key}'");
        }
        if (step is CommandStep && stage.Command.Count == 0)
        {
            throw Problem(stage, "step 'command' needs command: [program, args...] or run: 'shell line'");
        }
        if (step is not CommandStep && stage.Command.Count > 0)
        {
            throw Problem(stage, $"step '{stage.Step}' takes no command");
        }
        if (!signature.StageDeclaresOutputs && stage.Outputs.Count > 0)
        {
            throw Problem(stage, $"step '{stage.Step}' names its own outputs ({string.Join(", ", signature.Outputs)}); remove outputs:");
        }
        foreach (var output in stage.Outputs.Where(o => !IsInside(projectFolder, o)))
        {
            throw Problem(stage, $"output '{output}' must be a relative path inside the project folder");
        }
        if (stage.Retries is < 0 or > 100)
        {
            throw Problem(stage, "retries must be between 0 and 100");
        }
        if (stage.ConcurrencyTag is { } tag && pipeline.ConcurrencyLimit(tag) < 1)
        {
            throw Problem(stage, $"concurrency tag '{tag}' has a limit below 1");
        }
        foreach (var after in stage.After.Where(a => !pipeline.Stages.Any(s => s.Name == a)))
        {
            throw Problem(stage, $"runs after unknown stage '{after}'");
        }
        ValidateReferences(pipeline, stage, steps, parameters);
        ValidateAlerts(stage, parameters);
        foreach (var argument in signature.FileArguments.Where(stage.With.ContainsKey))
        {
            var path = Template.Resolve(stage.With[argument], parameters, (_, _) => throw Problem(stage, $"{argument} '{stage.With[argument]}' may not reference stage outputs"));
            if (path.Length > 0 && (!IsInside(projectFolder, path) || !File.Exists(Path.Combine(projectFolder, path))))
            {
                throw Problem(stage, $"{argument} '{path}' does not exist in {projectFolder}");
            }
        }
        foreach (var input in stage.Inputs)
        {
            var path = Template.Resolve(input, parameters, (_, _) => throw Problem(stage, $"input '{input}' may not reference stage outputs; use after:"));
            if (!IsInside(projectFolder, path))
            {
                throw Problem(stage, $"input '{path}' must be a relative path inside the project folder");
            }
            if (!File.Exists(Path.Combine(projectFolder, path)))
            {
                throw Problem(stage, $"input '{path}' does not exist in {projectFolder}");
            }
        }
    }

    private static void ValidateReferences(PipelineDefinition pipeline, StageDefinition stage, PipelineStepCatalog steps, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var reference in stage.Templates.SelectMany(Template.References))
        {
            if (reference.Param is { } param)
            {
                if (!parameters.ContainsKey(param))
                {
                    throw Problem(stage, $"undefined param '{param}' in {reference.Text}");
                }
                continue;
            }
            if (reference.Stage is not { } name)
            {
                throw Problem(stage, $"bad reference {reference.Text}: use ${{params.NAME}} or ${{stages.STAGE.outputs.NAME}}");
            }
            if (name == stage.Name)
            {
                throw Problem(stage, $"references its own output in {reference.Text}");
            }
            var upstream = pipeline.Stages.FirstOrDefault(s => s.Name == name) ?? throw Problem(stage, $"references unknown stage '{name}' in {reference.Text}");
            var outputs = steps.Find(upstream.Step)?.Signature.OutputsOf(upstream) ?? [];
            if (!outputs.Contains(reference.Output!))
            {
                throw Problem(stage, $"stage '{name}' has no output '{reference.Output}' (outputs: {string.Join(", ", outputs)})");
            }
        }
    }

    private static void ValidateAlerts(StageDefinition stage, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var alert in stage.Alerts)
        {
            if (string.IsNullOrWhiteSpace(alert.Metric))
            {
                throw Problem(stage, "an alert needs a metric");
            }
            if ((alert.Below is null) == (alert.Above is null))
            {
                throw Problem(stage, $"alert on {alert.Metric} needs exactly one of below: or above:");
            }
            var threshold = Template.Resolve(alert.Below ?? alert.Above!, parameters, (_, _) => throw Problem(stage, "alert thresholds may not reference stage outputs"));
            if (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw Problem(stage, $"alert on {alert.Metric}: threshold '{threshold}' is not a number");
            }
        }
    }

    /// <summary>The schedule's cron expression; throws one line naming the schedule when it is not valid.</summary>
    public static CronExpression ParseCron(ScheduleDefinition schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return ParseCron(schedule.Cron, $"schedule {schedule.Name}: bad cron expression");
    }

    /// <summary>A cron expression (5 fields, or 6 with seconds); throws one line starting with <paramref name="what"/> when it is not valid.</summary>
    public static CronExpression ParseCron(string cron, string what)
    {
        ArgumentNullException.ThrowIfNull(cron);
        try
        {
            return CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw RelearnException.Invalid($"{what} '{cron}': {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>The schedule's time zone; throws one line naming the schedule when it is unknown.</summary>
    public static TimeZoneInfo FindTimeZone(ScheduleDefinition schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw RelearnException.Invalid($"schedule {schedule.Name}: unknown time zone '{schedule.TimeZone}' (use an IANA name such as Europe/Paris)");
        }
    }

    private static void ValidateSchedule(PipelineDefinition pipeline, ScheduleDefinition schedule)
    {
        ParseCron(schedule);
        FindTimeZone(schedule);
        foreach (var key in schedule.Params.Keys.Where(k => !pipeline.Params.ContainsKey(k)))
        {
            throw RelearnException.Invalid($"schedule {schedule.Name}: undefined param '{key}'");
        }
    }

    /// <summary>True when <paramref name="relative"/> is a relative path that stays inside <paramref name="folder"/>.</summary>
    public static bool IsInside(string folder, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative))
        {
            return false;
        }
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(Path.Combine(root, relative)).StartsWith(root, StringComparison.Ordinal);
    }

    internal static RelearnException Problem(StageDefinition stage, string problem) => RelearnException.Invalid($"stage {stage.Name}: {problem}");
}
