using System.Text.Json.Nodes;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Tests.Training.Evaluation;

public sealed class BinaryMetricsTests
{
    private static readonly JsonObject Reference = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "Evaluation", "sklearn-reference-metrics.json")))!.AsObject();

    public static TheoryData<int> RocCases => [.. Enumerable.Range(0, Reference["roc_auc"]!.AsArray().Count)];

    [Theory]
    [MemberData(nameof(RocCases))]
    public void Auc_MatchesScikitLearn(int index)
    {
        var case_ = Reference["roc_auc"]![index]!;

        var metrics = BinaryMetrics.Compute(Labels(case_["y_true"]!), Scores(case_["y_score"]!));

        Assert.Equal((double)case_["auc"]!, metrics["auc"], 10);
    }

    [Fact]
    public void AveragePrecisionAndLogLoss_MatchScikitLearn()
    {
        var ap = Reference["average_precision"]![0]!;
        var ll = Reference["log_loss"]![0]!;

        Assert.Equal((double)ap["ap"]!, BinaryMetrics.Compute(Labels(ap["y_true"]!), Scores(ap["y_score"]!))["pr_auc"], 10);
        Assert.Equal((double)ll["log_loss"]!, BinaryMetrics.Compute(Labels(ll["y_true"]!), Scores(ll["p_positive"]!))["logloss"], 10);
    }

    private static List<bool> Labels(JsonNode node) => node.AsArray().Select(v => (int)v! == 1).ToList();

    private static List<double> Scores(JsonNode node) => node.AsArray().Select(v => (double)v!).ToList();
}
