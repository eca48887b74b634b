using Relearn.Core.Pipelines.Runs;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Pipelines;

public sealed class PipelineRunnerTests : IDisposable
{
    // a -> b -> c, and d on its own; b reads the param n. Every command appends its name to ran.log.
    private const string Diamond = """
        name: chain
        params: {n: "2", unused: "x"}
        stages:
          a: {run: "echo a >> ran.log; cp raw.txt a.txt", inputs: [raw.txt], outputs: [a.txt]}
          b: {run: "echo b >> ran.log; (cat ${stages.a.outputs.a.txt}; echo ${params.n}) > b.txt", outputs: [b.txt]}
          c: {run: "echo c >> ran.log; cat ${stages.b.outputs.b.txt} ${stages.b.outputs.b.txt} > c.txt", outputs: [c.txt]}
          d: {run: "echo d >> ran.log; echo d > d.txt", outputs: [d.txt]}
        """;

    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task Run_TwiceWithNothingChanged_SkipsEveryStage()
    {
        _fixture.File("raw.txt", "raw\n");

        var first = await _fixture.RunAsync(Diamond);
        var second = await _fixture.RunAsync(Diamond);

        Assert.True(first.Succeeded, first.Run.Error);
        Assert.All(first.Attempts, a => Assert.Equal(StageState.Succeeded, a.State));
        Assert.True(second.Succeeded, second.Run.Error);
        Assert.Equal(4, second.Attempts.Count);
        Assert.All(second.Attempts, a => Assert.Equal(StageState.Cached, a.State));
        Assert.Equal(["a", "b", "c", "d"], _fixture.Read("ran.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal(first.Attempts.Select(a => a.Outputs.Values.Single().Digest).Order(), second.Attempts.Select(a => a.Outputs.Values.Single().Digest).Order());
    }

    [Fact]
    public async Task Run_AfterChangingOneParam_RerunsExactlyTheStagesDownstreamOfIt()
    {
        _fixture.File("raw.txt", "raw\n");
        await _fixture.RunAsync(Diamond);
        System.IO.File.Delete(Path.Combine(_fixture.Project, "ran.log"));

        var plan = await _fixture.Services.GetRequiredService<Relearn.Core.Pipelines.PipelinePlanner>()
            .PlanAsync(_fixture.Source(Diamond), new Dictionary<string, string> { ["n"] = "3" }, []);
        var changed = await _fixture.RunAsync(Diamond, new Dictionary<string, string> { ["n"] = "3" });

        Assert.Equal(["skip", "run", "run", "skip"], plan.Select(p => p.WillRun ? "run" : "skip"));
        Assert.Equal("param n changed (2 -> 3)", plan.Single(p => p.Stage == "b").Reason);
        Assert.Equal("upstream b will run", plan.Single(p => p.Stage == "c").Reason);
        Assert.True(changed.Succeeded, changed.Run.Error);
        Assert.Equal(["b", "c"], _fixture.Read("ran.log").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("raw\n3\nraw\n3\n", _fixture.Read("c.txt"));
    }

    [Fact]
    public async Task Run_WhenAnInputFileChanges_RerunsItsStageAndDownstream_AndRestoresDeletedOutputsFromTheCache()
    {
        _fixture.File("raw.txt", "raw\n");
        await _fixture.RunAsync(Diamond);
        System.IO.File.Delete(Path.Combine(_fixture.Project, "b.txt"));
        var cachedAgain = await _fixture.RunAsync(Diamond);
        _fixture.File("raw.txt", "new\n");

        var changed = await _fixture.RunAsync(Diamond);

        Assert.All(cachedAgain.Attempts, a => Assert.Equal(StageState.Cached, a.State));
        Assert.Equal(["a", "b", "c"], changed.Attempts.Where(a => a.State == StageState.Succeeded).Select(a => a.Stage).Order());
        Assert.Equal("new\n2\nnew\n2\n", _fixture.Read("c.txt"));
    }

    [Fact]
    public async Task Run_WithForce_RunsThatStageAgainEvenWhenCached()
    {
        _fixture.File("raw.txt", "raw\n");
        await _fixture.RunAsync(Diamond);

        var forced = await _fixture.RunAsync(Diamond, null, "d");

        Assert.Equal(StageState.Succeeded, forced.Attempts.Single(a => a.Stage == "d").State);
        Assert.Equal(3, forced.Attempts.Count(a => a.State == StageState.Cached));
    }

    [Fact]
    public async Task Run_AFailingStep_IsRetriedWithItsErrorAndLogKept()
    {
        var result = await _fixture.RunAsync("""
            name: flaky
            stages:
              flaky:
                run: "if [ -f tried ]; then echo ok > out.txt; else touch tried; echo first try fails >&2; exit 3; fi"
                outputs: [out.txt]
                retries: 2
                backoff: 10ms
            """);

        Assert.True(result.Succeeded, result.Run.Error);
        Assert.Equal([StageState.Failed, StageState.Succeeded], result.Attempts.Select(a => a.State));
        Assert.Equal([1, 2], result.Attempts.Select(a => a.Attempt));
        Assert.Equal("'/bin/sh' exited with code 3", result.Attempts[0].Error);
        Assert.Contains("first try fails", await _fixture.Artifacts.ReadTextAsync(result.Attempts[0].LogDigest!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AStepThatFailsAfterItsRetries_FailsTheRunAndSkipsDownstream()
    {
        var result = await _fixture.RunAsync("""
            name: broken
            stages:
              broken: {run: "echo boom >&2; exit 4", retries: 1, backoff: 0s}
              after: {run: "echo never > never.txt", after: [broken]}
            """);

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal("stage broken failed: '/bin/sh' exited with code 4", result.Run.Error);
        Assert.Equal(2, result.Attempts.Count(a => a.Stage == "broken" && a.State == StageState.Failed));
        Assert.DoesNotContain(result.Attempts, a => a.Stage == "after");
        Assert.False(System.IO.File.Exists(Path.Combine(_fixture.Project, "never.txt")));
    }

    [Fact]
    public async Task Run_ATimeout_FailsTheAttempt()
    {
        var result = await _fixture.RunAsync("""
            name: slow
            stages:
              slow: {run: "sleep 5", timeout: 200ms}
            """);

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal("timed out after 0.2 s", Assert.Single(result.Attempts).Error);
    }

    public void Dispose() => _fixture.Dispose();
}
