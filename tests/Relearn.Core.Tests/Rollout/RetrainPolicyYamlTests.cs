using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Tests.Rollout;

public sealed class RetrainPolicyYamlTests
{
    private const string Stages = """
        name: p
        params:
          model: sentiment
        stages:
          train:
            run: "true"
        """;

    private static string With(string retrain) => Stages + "\nretrain:\n" + retrain;

    [Fact]
    public void Parse_ReadsTriggersCooldownAndRollout_Issue10()
    {
        var policy = PipelineYaml.Parse(With("""
              cooldown: 10m
              feedback_stage: train
              params: {alias: staging}
              triggers:
                - {kind: performance, metric: accuracy, margin: "0.05", window: "200"}
                - {kind: labels, count: "500"}
                - {kind: schedule, cron: "0 3 * * 0"}
                - {kind: drift, share: "0.5", window: "1000"}
              rollout: {mode: canary, share: "0.3", min_requests: "20", min_labels: "10", max_duration: 5m}
            """), "p.yaml").Retrain!;

        Assert.Equal("${params.model}", policy.Model);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.Cooldown);
        Assert.Equal("train", policy.FeedbackStage);
        Assert.Equal(["performance", "labels", "schedule", "drift"], policy.Triggers.Select(t => t.Kind));
        Assert.Equal(200, policy.Triggers[0].Window);
        Assert.Equal(0.05, policy.Triggers[0].Margin);
        Assert.Equal(500, policy.Triggers[1].Count);
        Assert.Equal(0.3, policy.Rollout.Share);
        Assert.Equal(20, policy.Rollout.Settings.MinRequests);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Rollout.Settings.MaxDuration);
        Assert.Equal("staging", policy.Params["alias"]);
    }

    [Theory]
    [InlineData("  triggers:\n    - {kind: performance, metric: f1score, window: \"10\"}\n", "retrain.triggers[0].metric: unknown metric 'f1score'")]
    [InlineData("  triggers:\n    - {kind: performance}\n", "retrain.triggers[0].window: required")]
    [InlineData("  triggers:\n    - {kind: drift, share: \"0.5\"}\n", "retrain.triggers[0].window: required")]
    [InlineData("  triggers:\n    - {kind: drift, share: \"1.5\", window: \"10\"}\n", "retrain.triggers[0].share: 1.5 is outside (0, 1]")]
    [InlineData("  triggers:\n    - {kind: labels, count: \"10\"}\n  rollout: {share: \"0\"}\n", "retrain.rollout.share: 0 is outside (0, 1]")]
    [InlineData("  triggers:\n    - {kind: labels, count: \"10\"}\n  rollout: {metric: auc}\n", "retrain.rollout.metric: unknown metric 'auc'")]
    [InlineData("  triggers:\n    - {kind: labels}\n", "retrain.triggers[0].count: required")]
    [InlineData("  triggers:\n    - {kind: schedule, cron: \"nope\"}\n", "retrain.triggers[0].cron: bad cron expression")]
    [InlineData("  triggers:\n    - {kind: often}\n", "retrain.triggers[0].kind: unknown trigger 'often'")]
    [InlineData("  cooldown: 1h\n", "retrain.triggers: give at least one trigger")]
    public void Parse_ABadPolicy_IsOneLineNamingTheKey_Issue10(string retrain, string expected)
    {
        var e = Assert.Throws<RelearnException>(() => PipelineYaml.Parse(With(retrain), "p.yaml"));

        Assert.Equal(RelearnErrorKind.InvalidInput, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BuiltInSentimentPipeline_ShipsAPolicyThatFeedsLabelsToItsTrainStage_Issue10()
    {
        using var stream = typeof(Relearn.Core.Tasks.TextClassification.Pipeline.TrainTextClassificationStep).Assembly
            .GetManifestResourceNames().Where(n => n.EndsWith("sentiment.yaml", StringComparison.Ordinal))
            .Select(n => typeof(Relearn.Core.Tasks.TextClassification.Pipeline.TrainTextClassificationStep).Assembly.GetManifestResourceStream(n)!).Single();
        var pipeline = PipelineYaml.Parse(new StreamReader(stream).ReadToEnd(), "sentiment");

        Assert.Equal("train", pipeline.Retrain!.FeedbackStage);
        Assert.Contains(pipeline.Stages, s => s.Name == "train");
        Assert.Equal("staging", pipeline.Retrain.Params["alias"]);
        Assert.Contains("alias", pipeline.Params.Keys);
    }
}
