using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Tests.Pipelines;

/// <summary>
/// What every pipeline store must do, run once per store by a derived class: SQLite here, PostgreSQL in
/// Relearn.Postgres.Tests (which compiles this file in as a link). Each test class gets a fresh, empty store.
/// </summary>
public abstract class PipelineStoreContract<TStore> : IAsyncLifetime where TStore : IPipelineStore
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private TStore? _store;

    protected TStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Another store instance on the same database, as another process would have.</summary>
    protected abstract TStore OpenAgain();

    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> NewRunAsync(string owner = "coordinator")
    {
        var id = Guid.NewGuid().ToString("N");
        await Store.CreatePipelineRunAsync(new PipelineRun(id, "p", new string('d', 64), "/project", new Dictionary<string, string> { ["n"] = "1" }, ["b"],
            PipelineRunState.Running, "test", null, owner, null, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), null), Lease);
        return id;
    }

    private static StageClaim Claim(string run, string stage, string owner = "w1", string[]? upstream = null, string? tag = null, int limit = 0) =>
        new(run, stage, upstream ?? [], owner, Lease, tag, limit);

    private static AttemptCompletion Done(string fingerprint = "f1") => new(StageState.Succeeded, fingerprint, "{}",
        new Dictionary<string, StageOutput> { ["out.txt"] = StageOutput.File("out.txt", new string('e', 64)) }, new Dictionary<string, double> { ["auc"] = 0.7 },
        null, new string('1', 64));

    [Fact]
    public async Task ClaimScheduleOccurrence_IsGrantedOnce_AcrossStoreInstances()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var other = OpenAgain();

        var first = await Store.ClaimScheduleOccurrenceAsync("p", "nightly", at, "a");
        var second = await other.ClaimScheduleOccurrenceAsync("p", "nightly", at, "b");
        var next = await other.ClaimScheduleOccurrenceAsync("p", "nightly", at.AddDays(1), "b");
        var otherSchedule = await Store.ClaimScheduleOccurrenceAsync("p", "hourly", at, "a");

        Assert.Equal((true, false, true, true), (first, second, next, otherSchedule));
        Assert.Equal(at.AddDays(1), await Store.GetLastScheduleOccurrenceAsync("p", "nightly"));
        Assert.Null(await Store.GetLastScheduleOccurrenceAsync("q", "nightly"));
    }

    private static PipelineRun ScheduledRun(string owner, string definitionDigest = "digest") => new(Guid.NewGuid().ToString("N"), "p", definitionDigest,
        "/project", new Dictionary<string, string>(), [], PipelineRunState.Running, "schedule:nightly", null, owner, null,
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), null);

    [Fact]
    public async Task CreateScheduledRun_ClaimsTheOccurrenceWithItsRun_OnceAcrossStoreInstances_Issue14()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var (mine, theirs) = (ScheduledRun("a"), ScheduledRun("b"));

        var first = await Store.CreateScheduledPipelineRunAsync(mine, Lease, "nightly", at);
        var second = await OpenAgain().CreateScheduledPipelineRunAsync(theirs, Lease, "nightly", at);

        Assert.Equal((true, false), (first, second));
        Assert.Equal(mine.Id, Assert.Single(await Store.ListPipelineRunsAsync("p")).Id);
        Assert.Null(await Store.GetPipelineRunAsync(theirs.Id));
        Assert.Equal(at, await Store.GetLastScheduleOccurrenceAsync("p", "nightly"));
        Assert.False(await Store.ClaimScheduleOccurrenceAsync("p", "nightly", at, "c"));
    }

    [Fact]
    public async Task CreateScheduledRun_WhenTheRunCannotBeRecorded_LeavesTheOccurrenceUnclaimed_Issue14()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        // The occurrence row is written first; the run's row then breaks a NOT NULL constraint, as a process dying
        // before it recorded the run would leave it unwritten: the claim must go with it.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Store.CreateScheduledPipelineRunAsync(ScheduledRun("a", definitionDigest: null!), Lease, "nightly", at));

        Assert.Null(await Store.GetLastScheduleOccurrenceAsync("p", "nightly"));
        Assert.Empty(await Store.ListPipelineRunsAsync("p"));
        Assert.True(await OpenAgain().CreateScheduledPipelineRunAsync(ScheduledRun("b"), Lease, "nightly", at));
    }

    [Fact]
    public async Task CreateRun_RoundTripsEveryField()
    {
        var id = await NewRunAsync();

        var run = (await Store.GetPipelineRunAsync(id))!;

        Assert.Equal(("p", "/project", "1", "b", PipelineRunState.Running, "coordinator"), (run.Pipeline, run.ProjectFolder, run.Params["n"], run.Forced.Single(), run.State, run.LeaseOwner));
        Assert.Equal(id, Assert.Single(await Store.ListPipelineRunsAsync("p")).Id);
        Assert.Empty(await Store.ListPipelineRunsAsync("other"));
    }

    [Fact]
    public async Task ClaimStage_WaitsForUpstream_ThenRecordsTheCompletedAttempt()
    {
        var run = await NewRunAsync();

        var early = await Store.ClaimStageAsync(Claim(run, "b", upstream: ["a"]));
        var a = await Store.ClaimStageAsync(Claim(run, "a"));
        Assert.True(await Store.RenewStageAsync(a.Attempt!.Id, "w1", Lease));
        Assert.True(await Store.CompleteStageAsync(a.Attempt.Id, "w1", Done()));
        var again = await Store.ClaimStageAsync(Claim(run, "a"));
        var b = await Store.ClaimStageAsync(Claim(run, "b", upstream: ["a"]));
        var stored = (await Store.GetStageAttemptsAsync(run)).First();

        Assert.Equal(ClaimStatus.NotReady, early.Status);
        Assert.Equal(ClaimStatus.Claimed, a.Status);
        Assert.Equal(ClaimStatus.Complete, again.Status);
        Assert.Equal(ClaimStatus.Claimed, b.Status);
        Assert.Equal(StageState.Succeeded, stored.State);
        Assert.Equal(new string('e', 64), stored.Outputs["out.txt"].Digest);
        Assert.Equal(StageOutputKind.File, stored.Outputs["out.txt"].Kind);
        Assert.Equal(0.7, stored.Metrics["auc"]);
        Assert.Equal("f1", (await Store.FindCachedStageAsync("f1"))!.Fingerprint);
        Assert.Equal(stored.Id, (await Store.GetLastCompletedStageAsync("p", "a"))!.Id);
    }

    [Fact]
    public async Task ClaimStage_WhileALiveOwnerHoldsIt_IsRefused_AndAnExpiredLeaseIsReclaimed()
    {
        var run = await NewRunAsync();
        var first = await Store.ClaimStageAsync(Claim(run, "a", owner: "w1"));

        var refused = await Store.ClaimStageAsync(Claim(run, "a", owner: "w2"));
        Assert.Equal(1, await Store.ExpireLeasesAsync("w1"));
        var reclaimed = await Store.ClaimStageAsync(Claim(run, "a", owner: "w2"));
        var lateHeartbeat = await Store.RenewStageAsync(first.Attempt!.Id, "w1", Lease);
        var lateCompletion = await Store.CompleteStageAsync(first.Attempt.Id, "w1", Done());
        var attempts = await Store.GetStageAttemptsAsync(run);

        Assert.Equal(ClaimStatus.Leased, refused.Status);
        Assert.Equal(ClaimStatus.Claimed, reclaimed.Status);
        Assert.Equal(2, reclaimed.Attempt!.Attempt);
        Assert.False(lateHeartbeat);
        Assert.False(lateCompletion);
        Assert.Equal([StageState.Abandoned, StageState.Running], attempts.Select(a => a.State));
        Assert.Equal(["w2", "coordinator"], (await Store.GetLeaseOwnersAsync(run)).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task ClaimStage_AtItsConcurrencyTagsLimit_IsThrottledAcrossRuns()
    {
        var run1 = await NewRunAsync();
        var run2 = await NewRunAsync();

        var held = await Store.ClaimStageAsync(Claim(run1, "train", tag: "gpu", limit: 1));
        var throttled = await Store.ClaimStageAsync(Claim(run2, "train", owner: "w2", tag: "gpu", limit: 1));
        await Store.CompleteStageAsync(held.Attempt!.Id, "w1", Done());
        var freed = await Store.ClaimStageAsync(Claim(run2, "train", owner: "w2", tag: "gpu", limit: 1));

        Assert.Equal(ClaimStatus.Throttled, throttled.Status);
        Assert.Equal(ClaimStatus.Claimed, freed.Status);
    }

    [Fact]
    public async Task ClaimStage_ManyWorkersAtOnce_ExactlyOneWins()
    {
        var run = await NewRunAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => OpenAgain()).ToArray();

        var claims = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.ClaimStageAsync(Claim(run, "a", owner: $"w{i}")))));

        Assert.Single(claims, c => c.Status == ClaimStatus.Claimed);
        Assert.All(claims.Where(c => c.Status != ClaimStatus.Claimed), c => Assert.Equal(ClaimStatus.Leased, c.Status));
        Assert.Single(await Store.GetStageAttemptsAsync(run));
    }

    [Fact]
    public async Task Reap_AbandonsExpiredAttempts_AndInterruptsRunsWhoseCoordinatorStopped()
    {
        var run = await NewRunAsync("coordinator");
        await Store.ClaimStageAsync(Claim(run, "a", owner: "coordinator"));
        await Store.ExpireLeasesAsync("coordinator");

        var reaped = await Store.ReapExpiredAsync();
        var resumed = await Store.ClaimPipelineRunAsync(run, "resumer", Lease);
        var stale = await Store.RenewPipelineRunAsync(run, "coordinator", Lease);

        Assert.Equal(2, reaped);
        Assert.Equal(StageState.Abandoned, Assert.Single(await Store.GetStageAttemptsAsync(run)).State);
        Assert.True(resumed);
        Assert.False(stale);
        Assert.True(await Store.EndPipelineRunAsync(run, "resumer", PipelineRunState.Succeeded, null));
        Assert.False(await Store.ClaimPipelineRunAsync(run, "late", Lease));
        Assert.Equal(PipelineRunState.Succeeded, (await Store.GetPipelineRunAsync(run))!.State);
    }
}
