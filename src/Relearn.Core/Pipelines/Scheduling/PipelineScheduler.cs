using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>
/// Runs the <c>schedules:</c> of every known pipeline (<see cref="PipelineCatalog"/>) in <c>relearn serve</c> or
/// <c>relearn worker</c>. Each occurrence is claimed in the store together with its run, in one transaction, so any
/// number of processes sharing the store start it once, and one that dies meanwhile loses nothing. An occurrence is on time up to <see cref="PipelineSchedulerOptions.LateAfter"/> past its
/// instant; occurrences missed while no scheduler ran get the schedule's policy: <c>run-once</c> (default) starts one
/// catch-up run for the newest of them, <c>skip</c> drops them. Never a burst.
/// </summary>
public sealed class PipelineScheduler(PipelineCatalog catalog, PipelineStepCatalog steps, IPipelineStore store, BackgroundPipelineRuns runs,
    PipelineRunner runner, TimeProvider time, IOptions<PipelineSchedulerOptions> options, ILogger<PipelineScheduler> logger) : BackgroundService
{
    private readonly Dictionary<(string Pipeline, string Schedule), DateTimeOffset?> _due = [];
    private IReadOnlyList<ScheduledPipeline>? _schedules;

    /// <summary>
    /// Every schedule of every known pipeline, each pipeline validated as a run would be: a bad cron expression, time zone
    /// or param fails here, with one line naming the pipeline and schedule, before anything runs.
    /// </summary>
    public IReadOnlyList<ScheduledPipeline> Load()
    {
        var schedules = new List<ScheduledPipeline>();
        foreach (var (name, source) in catalog.All())
        {
            var definition = source.Parse();
            if (definition.Schedules.Count == 0)
            {
                continue;
            }
            try
            {
                PipelineValidator.Validate(definition, steps, source.ProjectFolder, PipelineValidator.ResolveParams(definition, new Dictionary<string, string>()));
            }
            catch (RelearnException e)
            {
                throw RelearnException.Invalid($"pipeline {name} ({source.Origin}): {e.Message}");
            }
            schedules.AddRange(definition.Schedules.Select(s => new ScheduledPipeline(name, source, s)));
        }
        return schedules;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _schedules = options.Value.Schedules ? Load() : [];
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_schedules is not { Count: > 0 })
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = now + options.Value.MaxSleep;
            try
            {
                next = await TickAsync(_schedules, stoppingToken) ?? next;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.SchedulerPassFailed(e);
            }
            var sleep = next - time.GetUtcNow();
            await Task.Delay(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > options.Value.MaxSleep ? options.Value.MaxSleep : sleep, time, stoppingToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// One pass at the clock's now: starts every occurrence that is due (on time, or the catch-up of missed ones) and
    /// returns the earliest next occurrence, or null when none of the schedules fires again.
    /// </summary>
    public async Task<DateTimeOffset?> TickAsync(IReadOnlyList<ScheduledPipeline> schedules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var now = time.GetUtcNow();
        DateTimeOffset? earliest = null;
        foreach (var scheduled in schedules)
        {
            var key = (scheduled.Pipeline, scheduled.Schedule.Name);
            if (!_due.TryGetValue(key, out var due))
            {
                // Where the schedule stands: after the newest occurrence any process claimed; a schedule that never ran missed nothing.
                var last = await store.GetLastScheduleOccurrenceAsync(scheduled.Pipeline, scheduled.Schedule.Name, cancellationToken);
                _due[key] = due = ScheduleOccurrences.Next(scheduled.Schedule, last ?? now);
            }
            if (due is { } dueAt && dueAt <= now)
            {
                var newest = ScheduleOccurrences.Latest(scheduled.Schedule, dueAt - TimeSpan.FromTicks(1), now)!.Value;
                await FireAsync(scheduled, newest, now, cancellationToken);
                _due[key] = due = ScheduleOccurrences.Next(scheduled.Schedule, now);
            }
            if (due is { } d && (earliest is null || d < earliest))
            {
                earliest = d;
            }
        }
        return earliest;
    }

    private async Task FireAsync(ScheduledPipeline scheduled, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schedule = scheduled.Schedule;
        if (now - occurrence > options.Value.LateAfter)
        {
            logger.ScheduleMissed(scheduled.Pipeline, schedule.Name, occurrence, schedule.Missed == MissedRunPolicy.Skip ? "skip" : "run-once: one catch-up run");
            if (schedule.Missed == MissedRunPolicy.Skip)
            {
                return;
            }
        }
        try
        {
            // The claim and the run are one transaction: a process that dies in between leaves the occurrence due.
            var run = await runs.StartScheduledAsync(scheduled.Source, schedule.Params, ScheduleOccurrences.Trigger(schedule, occurrence), schedule.Name, occurrence,
                cancellationToken);
            if (run is null)
            {
                return; // another process claimed the occurrence and started it
            }
            logger.ScheduledRunStarted(scheduled.Pipeline, schedule.Name, occurrence, run.Id);
        }
        catch (RelearnException e)
        {
            // Refused (the pipeline is still running, or its params no longer validate): the occurrence is used up all the
            // same, so no other scheduler and no later catch-up starts it; whoever claims it says why it did not run.
            if (await store.ClaimScheduleOccurrenceAsync(scheduled.Pipeline, schedule.Name, occurrence, runner.Owner, cancellationToken))
            {
                logger.ScheduledRunNotStarted(scheduled.Pipeline, schedule.Name, occurrence, e.Message);
            }
        }
    }
}

/// <summary>One schedule of one pipeline.</summary>
public sealed record ScheduledPipeline(string Pipeline, PipelineSource Source, ScheduleDefinition Schedule);
