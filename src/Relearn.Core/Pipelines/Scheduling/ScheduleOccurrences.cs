using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>When a schedule fires: Cronos reads the expression in the schedule's IANA time zone, so daylight saving time is handled as the zone says.</summary>
public static class ScheduleOccurrences
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public static DateTimeOffset? Next(ScheduleDefinition schedule, DateTimeOffset after) =>
        PipelineValidator.ParseCron(schedule).GetNextOccurrence(after, PipelineValidator.FindTimeZone(schedule));

    /// <summary>
    /// The newest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>], or null. Read newest first, so a
    /// long downtime of an every-second schedule costs one step, not one per missed occurrence.
    /// </summary>
    public static DateTimeOffset? Latest(ScheduleDefinition schedule, DateTimeOffset after, DateTimeOffset upTo) =>
        after >= upTo ? null
        : PipelineValidator.ParseCron(schedule).GetOccurrencesDescending(upTo, after, PipelineValidator.FindTimeZone(schedule), fromInclusive: true, toInclusive: false)
            .Select(o => (DateTimeOffset?)o).FirstOrDefault();

    /// <summary>The trigger a scheduled run records: <c>schedule:NAME@2025-03-30T09:00:00+02:00</c> (the occurrence in its zone).</summary>
    public static string Trigger(ScheduleDefinition schedule, DateTimeOffset occurrence) =>
        $"schedule:{schedule.Name}@{TimeZoneInfo.ConvertTime(occurrence, PipelineValidator.FindTimeZone(schedule)):yyyy-MM-ddTHH:mm:sszzz}";
}
