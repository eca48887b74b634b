using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines;
using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Pipelines;

/// <summary>Stage dispatchers and trial executors are registered by name and picked by name.</summary>
public sealed class StageDispatchersTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task InProcess_IsRegisteredByCore_AndRunsStages()
    {
        var dispatchers = _fixture.Services.GetRequiredService<StageDispatchers>();

        var result = await dispatchers.ExecutorFor(StageDispatchers.InProcess).StartAsync(_fixture.Source("""
            name: p
            stages:
              a: {run: "echo a > a.txt", outputs: [a.txt]}
            """), new Dictionary<string, string>(), [], "test");

        Assert.Equal([StageDispatchers.InProcess], dispatchers.Names);
        Assert.True(result.Succeeded, result.Run.Error);
        Assert.IsType<InProcessStageDispatcher>(dispatchers.Get(StageDispatchers.InProcess));
    }

    [Fact]
    public void AnUnknownName_FailsWithOneLineListingTheKnownOnes()
    {
        var stages = Assert.Throws<RelearnException>(() => _fixture.Services.GetRequiredService<StageDispatchers>().Get("nowhere"));
        var trials = Assert.Throws<RelearnException>(() => _fixture.Services.GetRequiredService<TrialExecutors>().StudyFor("nowhere"));

        Assert.Equal("unknown executor 'nowhere' for stages (known: in-process)", stages.Message);
        Assert.Equal("unknown executor 'nowhere' for trials (known: in-process)", trials.Message);
        Assert.Equal(RelearnErrorKind.InvalidInput, stages.Kind);
    }

    [Fact]
    public void InProcessTrials_NeedNoDistributedStudy()
    {
        Assert.Null(_fixture.Services.GetRequiredService<TrialExecutors>().StudyFor(TrialExecutors.InProcess));
        Assert.Null(TrialExecutors.InProcessOnly.StudyFor(TrialExecutors.InProcess));
    }

    [Fact]
    public void ALaterRegistration_OfAName_ReplacesTheEarlierOne()
    {
        var services = new ServiceCollection();
        var replacement = new InProcessStageDispatcher(_fixture.Runner);
        services.AddStageDispatcher("x", _ => throw new InvalidOperationException("the first")).AddStageDispatcher("x", _ => replacement);
        using var provider = services.AddSingleton<StageDispatchers>().BuildServiceProvider();

        Assert.Same(replacement, provider.GetRequiredService<StageDispatchers>().Get("x"));
    }

    public void Dispose() => _fixture.Dispose();
}
