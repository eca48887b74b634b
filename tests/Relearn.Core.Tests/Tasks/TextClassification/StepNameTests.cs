using Relearn.Core.Pipelines.Caching;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Tasks.TextClassification.Pipeline;
using Relearn.Core.Tests.Pipelines;

namespace Relearn.Core.Tests.Tasks.TextClassification;

/// <summary>The text-classification steps carry the task's name; the old generic names stay valid in pipeline files.</summary>
public sealed class StepNameTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    [Theory]
    [InlineData("train", "train-text-classification", typeof(TrainTextClassificationStep))]
    [InlineData("tune", "tune-text-classification", typeof(TuneTextClassificationStep))]
    public void OldGenericNames_AreAliasesOfTheTaskSteps_Issue14(string alias, string name, Type type)
    {
        var byAlias = _fixture.Steps.Get(alias);

        Assert.IsType(type, byAlias);
        Assert.Equal(name, byAlias.Name);
        Assert.Same(_fixture.Steps.Get(name), byAlias);
        Assert.Contains(alias, _fixture.Steps.Names);
        Assert.Contains(name, _fixture.Steps.Names);
    }

    [Fact]
    public async Task AStageUsingAnOldName_KeepsTheFingerprintItHadBeforeTheRename_Issue14()
    {
        var pipeline = PipelineYaml.Parse("""
            name: p
            stages:
              old: {step: train, with: {experiment: x}}
              new: {step: train-text-classification, with: {experiment: x}}
            """, "test");
        var empty = new Dictionary<string, IReadOnlyDictionary<string, StageOutput>>();

        var old = await StageFingerprint.ComputeAsync(pipeline.Stages.Single(s => s.Name == "old"), _fixture.Steps.Get("train"), new Dictionary<string, string>(), _fixture.Project, empty);
        var renamed = await StageFingerprint.ComputeAsync(pipeline.Stages.Single(s => s.Name == "new"), _fixture.Steps.Get("train-text-classification"), new Dictionary<string, string>(), _fixture.Project, empty);

        // "train@1" is what every fingerprint of a train stage recorded before the step was renamed.
        Assert.Equal("train@1", old.Step);
        Assert.Equal("train-text-classification@1", renamed.Step);
    }

    [Fact]
    public void AnAlias_NeverHidesAnotherStepsOwnName()
    {
        var catalog = new PipelineStepCatalog([new NamedStep("a", []), new NamedStep("b", ["a"])]);

        Assert.Equal("a", catalog.Get("a").Name);
        Assert.Equal("b", catalog.Get("b").Name);
    }

    public void Dispose() => _fixture.Dispose();

    private sealed class NamedStep(string name, IReadOnlyList<string> aliases) : IPipelineStep
    {
        public string Name => name;

        public IReadOnlyList<string> Aliases => aliases;

        public string Version => "1";

        public StepSignature Signature { get; } = new([], [], []);

        public Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
