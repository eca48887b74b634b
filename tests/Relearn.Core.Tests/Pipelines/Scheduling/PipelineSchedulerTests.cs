using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relearn.Core.Hosting;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Scheduling;

namespace Relearn.Core.Tests.Pipelines.Scheduling;

public sealed class PipelineSchedulerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-03-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly PipelineFixture _fixture;

    public PipelineSchedulerTests() => _fixture = new PipelineFixture(_time);

    private static string Pipeline(string name, string cron, string timezone = "UTC", string missed = "run-once") => $$"""
        name: {{name}}
        params: {note: "manual"}
        schedules:
          - {name: every, cron: "{{cron}}", timezone: {{timezone}}, missed: {{missed}}, params: { note: scheduled } }
        stages:
          say: {run: "echo ${params.note}"}
        """;

    private PipelineScheduler Scheduler(params string[] files)
    {
        var options = Options.Create(new PipelineSchedulerOptions { Files = files });
        var catalog = new PipelineCatalog([], options);
        var runs = ActivatorUtilities.CreateInstance<BackgroundPipelineRuns>(_fixture.Services);
        return ActivatorUtilities.CreateInstance<PipelineScheduler>(_fixture.Services, catalog, runs, options, _fixture.OtherRunner());
    }

    private void At(string utc) => _time.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Waits (in real time: the commands run for real) until no run is running, and returns every run, oldest first.</summary>
    private async Task<IReadOnlyList<PipelineRun>> SettledRunsAsync(string pipeline)
    {
        for (var i = 0; i < 600; i++)
        {
            var runs = await _fixture.Store.ListPipelineRunsAsync(pipeline);
            if (runs.All(r => r.State != PipelineRunState.Running))
            {
                return runs.Reverse().ToArray();
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"runs of {pipeline} still running");
    }

    [Fact]
    public async Task Tick_FiresAtTheLocalInstant_InANonUtcZone_AcrossTheSpringDaylightSavingChange()
    {
        At("2025-03-28T12:00:00Z");
        var scheduler = Scheduler(_fixture.File("daily.yaml", Pipeline("daily", "0 9 * * *", "Europe/Paris")));
        var schedules = scheduler.Load();

        var first = await scheduler.TickAsync(schedules);
        At("2025-03-29T07:59:59Z");
        await scheduler.TickAsync(schedules);
        var before = await SettledRunsAsync("daily");
        At("2025-03-29T08:00:00Z");
        var second = await scheduler.TickAsync(schedules);
        var afterWinterTime = await SettledRunsAsync("daily");
        At("2025-03-30T07:00:00Z");
        await scheduler.TickAsync(schedules);
        var runs = await SettledRunsAsync("daily");

        Assert.Equal(DateTimeOffset.Parse("2025-03-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), first);
        Assert.Empty(before);
        Assert.Equal("schedule:every@2025-03-29T09:00:00+01:00", Assert.Single(afterWinterTime).Trigger);
        Assert.Equal(DateTimeOffset.Parse("2025-03-30T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture), second);
        Assert.Equal(["schedule:every@2025-03-29T09:00:00+01:00", "schedule:every@2025-03-30T09:00:00+02:00"], runs.Select(r => r.Trigger));
        Assert.All(runs, r => Assert.Equal((PipelineRunState.Succeeded, "scheduled"), (r.State, r.Params["note"])));
    }

    [Fact]
    public async Task Tick_AfterDowntime_RunOnceStartsOneCatchUpRun_AndSkipStartsNone()
    {
        string[] files = [_fixture.File("once.yaml", Pipeline("once", "0 * * * *")), _fixture.File("skip.yaml", Pipeline("skip", "0 * * * *", missed: "skip"))];
        At("2025-03-28T09:30:00Z");
        var before = Scheduler(files);
        await before.TickAsync(before.Load());
        At("2025-03-28T10:00:00Z");
        await before.TickAsync(before.Load());
        await SettledRunsAsync("once");
        await SettledRunsAsync("skip");

        // Down from 10:00 to 15:30: five occurrences missed. A scheduler starting now reads where the store says they stand.
        At("2025-03-28T15:30:00Z");
        var after = Scheduler(files);
        var schedules = after.Load();
        await after.TickAsync(schedules);
        var caughtUp = await SettledRunsAsync("once");
        var skipped = await SettledRunsAsync("skip");
        At("2025-03-28T16:00:00Z");
        await after.TickAsync(schedules);

        Assert.Equal(["schedule:every@2025-03-28T10:00:00+00:00", "schedule:every@2025-03-28T15:00:00+00:00"], caughtUp.Select(r => r.Trigger));
        Assert.Equal(["schedule:every@2025-03-28T10:00:00+00:00"], skipped.Select(r => r.Trigger));
        Assert.Equal("schedule:every@2025-03-28T16:00:00+00:00", (await SettledRunsAsync("once"))[^1].Trigger);
        Assert.Equal("schedule:every@2025-03-28T16:00:00+00:00", (await SettledRunsAsync("skip"))[^1].Trigger);
    }

    [Fact]
    public async Task TwoSchedulers_OnOneStore_StartOneRunPerOccurrence()
    {
        var file = _fixture.File("shared.yaml", Pipeline("shared", "*/5 * * * *"));
        At("2025-03-28T09:58:00Z");
        var (a, b) = (Scheduler(file), Scheduler(file));
        var (sa, sb) = (a.Load(), b.Load());
        await Task.WhenAll(a.TickAsync(sa), b.TickAsync(sb));

        foreach (var at in new[] { "2025-03-28T10:00:00Z", "2025-03-28T10:05:00Z", "2025-03-28T10:10:00Z" })
        {
            // One after the other, the first's run already ended: only the claim stops the second from starting it again.
            At(at);
            await a.TickAsync(sa);
            await SettledRunsAsync("shared");
            await b.TickAsync(sb);
            await SettledRunsAsync("shared");
            (a, b, sa, sb) = (b, a, sb, sa);
        }

        var runs = await SettledRunsAsync("shared");
        Assert.Equal(["10:00", "10:05", "10:10"], runs.Select(r => r.Trigger[^14..^9]));
        Assert.All(runs, r => Assert.Equal(PipelineRunState.Succeeded, r.State));
    }

    [Fact]
    public async Task Tick_WhenTheProcessDiesBeforeTheRunIsRecorded_TheOccurrenceIsStillDueAfterARestart_Issue14()
    {
        var file = _fixture.File("hourly.yaml", Pipeline("hourly", "0 * * * *"));
        At("2025-03-28T08:30:00Z");
        var before = Scheduler(file);
        var schedules = before.Load();
        await before.TickAsync(schedules);
        At("2025-03-28T09:00:00Z");
        await before.TickAsync(schedules);
        await SettledRunsAsync("hourly");

        // At 10:00 the database refuses the run's row, as if the process died after claiming the occurrence.
        await SqlAsync("CREATE TRIGGER die_before_the_run BEFORE INSERT ON pipeline_runs BEGIN SELECT RAISE(ABORT, 'the process died'); END;");
        At("2025-03-28T10:00:00Z");
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => before.TickAsync(schedules));
        await SqlAsync("DROP TRIGGER die_before_the_run;");
        At("2025-03-28T10:00:30Z");
        var restarted = Scheduler(file);
        await restarted.TickAsync(restarted.Load());

        var runs = await SettledRunsAsync("hourly");
        Assert.Equal(["schedule:every@2025-03-28T09:00:00+00:00", "schedule:every@2025-03-28T10:00:00+00:00"], runs.Select(r => r.Trigger));
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_fixture.Services.GetRequiredService<RelearnLocation>().Store}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public void Load_WithABadCronExpression_FailsWithOneLineNamingThePipelineAndSchedule()
    {
        var scheduler = Scheduler(_fixture.File("bad.yaml", Pipeline("bad", "0 25 * * *")));

        var error = Assert.Throws<RelearnException>(() => scheduler.Load());

        Assert.StartsWith("pipeline bad (bad.yaml): schedule every: bad cron expression '0 25 * * *'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
