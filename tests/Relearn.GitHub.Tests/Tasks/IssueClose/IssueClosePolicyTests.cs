using Relearn.Core.Pipelines.Definition;
using Relearn.GitHub.Tasks.IssueClose.Pipeline;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class IssueClosePolicyTests
{
    [Fact]
    public void BuiltInIssueClosePipeline_ShipsAShadowPolicyPromotingItsRetrainingsToStagingOnly_Issue10()
    {
        var assembly = typeof(TrainIssueCloseStep).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith("issue-close.yaml", StringComparison.Ordinal)))!;
        var pipeline = PipelineYaml.Parse(new StreamReader(stream).ReadToEnd(), "issue-close");

        var policy = pipeline.Retrain!;
        Assert.Equal("shadow", policy.Rollout.Mode);
        Assert.Equal(["performance", "schedule"], policy.Triggers.Select(t => t.Kind));
        Assert.Equal("staging", policy.Params["alias"]);
        Assert.Equal("production", pipeline.Params["alias"]);
        Assert.Equal("${params.alias}", pipeline.Stage("promote").With["alias"]);
    }
}
