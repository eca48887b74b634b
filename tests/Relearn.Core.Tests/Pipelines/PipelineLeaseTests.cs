using Microsoft.Extensions.Time.Testing;
using Relearn.Core.Metadata;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Tests.Pipelines;

public sealed class PipelineLeaseTests : IDisposable
{
    private const string TwoStages = """
        name: leased
        stages:
          a: {run: "echo a > a.txt", outputs: [a.txt]}
          b: {run: "cat a.txt > b.txt", outputs: [b.txt], after: [a]}
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly PipelineFixture _fixture;

    public PipelineLeaseTests() => _fixture = new PipelineFixture(_time, o => o.LeaseDuration = TimeSpan.FromSeconds(30));

    [Fact]
    public async Task AStageLeasedByADeadOwner_IsReclaimedOnlyAfterItsLeaseExpires()
    {
        var run = await _fixture.Executor.CreateRunAsync(_fixture.Source(TwoStages), new Dictionary<string, string>(), [], "test");
        var dead = await _fixture.Store.ClaimStageAsync(new StageClaim(run.Id, "a", [], "gone/1/1/x", TimeSpan.FromSeconds(30), null, 0));
        var worker = _fixture.OtherRunner();

        var whileLive = await worker.RunStageAsync(run.Id, "a");
        _time.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = await worker.RunStageAsync(run.Id, "a");
        var lateCompletion = await _fixture.Store.CompleteStageAsync(dead.Attempt!.Id, "gone/1/1/x",
            new AttemptCompletion(StageState.Succeeded, null, null, new Dictionary<string, StageOutput>(), new Dictionary<string, double>(), null, null));
        var attempts = await _fixture.Store.GetStageAttemptsAsync(run.Id);

        Assert.Equal(ClaimStatus.Claimed, dead.Status);
        Assert.Equal(StageOutcomeKind.Waiting, whileLive.Kind);
        Assert.Equal(ClaimStatus.Leased, whileLive.Claim);
        Assert.Equal(StageOutcomeKind.Succeeded, afterExpiry.Kind);
        Assert.False(lateCompletion);
        Assert.Equal([(1, StageState.Abandoned), (2, StageState.Succeeded)], attempts.Select(a => (a.Attempt, a.State)));
        Assert.Equal(PipelineStoreSql.AbandonedReason, attempts[0].Error);
    }

    [Fact]
    public async Task RunStage_BeforeItsUpstreamCompletes_WaitsAndRunsNothing()
    {
        var run = await _fixture.Executor.CreateRunAsync(_fixture.Source(TwoStages), new Dictionary<string, string>(), [], "test");

        var early = await _fixture.Runner.RunStageAsync(run.Id, "b");

        Assert.Equal(StageOutcomeKind.Waiting, early.Kind);
        Assert.Equal(ClaimStatus.NotReady, early.Claim);
        Assert.Empty(await _fixture.Store.GetStageAttemptsAsync(run.Id));
    }

    [Fact]
    public async Task Resume_AfterTheCoordinatorsLeaseExpires_ContinuesFromTheLastCompletedStage()
    {
        var run = await _fixture.Executor.CreateRunAsync(_fixture.Source(TwoStages), new Dictionary<string, string>(), [], "test");
        Assert.Equal(StageOutcomeKind.Succeeded, (await _fixture.Runner.RunStageAsync(run.Id, "a")).Kind);
        var other = new PipelineExecutor(_fixture.Store, _fixture.Artifacts, _fixture.OtherRunner(), new InProcessStageDispatcher(_fixture.OtherRunner()), _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineExecutor>.Instance);

        var refused = await Assert.ThrowsAsync<RelearnException>(() => other.ResumeAsync(run.Id));
        _time.Advance(TimeSpan.FromSeconds(31));
        var resumed = await other.ResumeAsync(run.Id);

        Assert.StartsWith($"pipeline run {run.Id} is being run by ", refused.Message, StringComparison.Ordinal);
        Assert.True(resumed.Succeeded, resumed.Run.Error);
        Assert.Equal([("a", 1, StageState.Succeeded), ("b", 1, StageState.Succeeded)], resumed.Attempts.Select(a => (a.Stage, a.Attempt, a.State)));
    }

    public void Dispose() => _fixture.Dispose();
}
