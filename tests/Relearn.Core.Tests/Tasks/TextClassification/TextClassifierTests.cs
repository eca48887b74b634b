using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Training;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Tasks.TextClassification;

/// <summary>One classifier trained on yelp, shared by the tests of this class.</summary>
public sealed class YelpClassifier
{
    public YelpClassifier()
    {
        var rows = LabelledTextReader.ReadFiles([Some.Yelp]);
        (Train, Test) = StratifiedSplit.Split(rows, r => r.Label, 0.2, 42);
        Classifier = TextClassifierTrainer.Train(Train, new TextClassificationOptions());
    }

    public IReadOnlyList<LabelledText> Train { get; }
    public IReadOnlyList<LabelledText> Test { get; }
    public TextClassifier Classifier { get; }
}

public sealed class TextClassifierTests(YelpClassifier yelp) : IClassFixture<YelpClassifier>
{
    [Fact]
    public void Evaluate_InDomain_IsAccurate_AndReportsEveryMetric()
    {
        var report = yelp.Classifier.Evaluate(yelp.Test);

        Assert.Equal(200, report.N);
        Assert.Equal(100, report.Positives);
        Assert.InRange(report.Accuracy, 0.78, 1.0);
        Assert.InRange(report.Auc, 0.85, 1.0);
        Assert.Equal(report.N, report.Confusion.TruePositive + report.Confusion.FalsePositive + report.Confusion.TrueNegative + report.Confusion.FalseNegative);
        Assert.Equal((double)(report.Confusion.TruePositive + report.Confusion.TrueNegative) / report.N, report.Accuracy, 10);
        Assert.True(report.LogLoss > 0);
        Assert.Contains("f1_negative", report.ToMetrics().Keys);
    }

    [Fact]
    public void Evaluate_CrossDomain_OnAmazon_IsAtLeastThreeQuartersRight()
    {
        var report = yelp.Classifier.Evaluate(LabelledTextReader.ReadFiles([Some.Amazon]));

        Assert.InRange(report.Accuracy, 0.72, 1.0);
    }

    [Fact]
    public void Predict_ObviousSentences_GetTheObviousLabel()
    {
        Assert.Equal("positive", yelp.Classifier.Predict("The food was delicious and the staff were wonderful.").Label);
        Assert.Equal("negative", yelp.Classifier.Predict("Terrible service, cold food, never coming back.").Label);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public void PredictBatch_AgreesWithPredict_OnBothScoringPaths(int count)
    {
        var texts = yelp.Test.Take(count).Select(r => r.Text).ToList();

        var batch = yelp.Classifier.PredictBatch(texts);

        Assert.Equal(texts.Select(t => yelp.Classifier.Predict(t).Probability), batch.Select(p => p.Probability), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void Predict_FromManyThreadsAtOnce_GivesTheSameAnswers()
    {
        var texts = yelp.Test.Select(r => r.Text).ToList();
        var expected = texts.Select(t => yelp.Classifier.Predict(t).Probability).ToList();

        var results = new double[8][];
        Parallel.For(0, 8, worker => results[worker] = texts.Select(t => yelp.Classifier.Predict(t).Probability).ToArray());

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Package_RoundTrips_WithManifest_AndTheSameScores()
    {
        var package = yelp.Classifier.ToPackage();

        var loaded = TextClassifier.FromPackage(package);

        Assert.Equal(["negative", "positive"], loaded.Classes);
        var text = yelp.Test[0].Text;
        Assert.Equal(yelp.Classifier.Predict(text).Probability, loaded.Predict(text).Probability, 6);
    }

    [Fact]
    public void Train_SameDataAndSeed_GivesTheSameModel()
    {
        var small = yelp.Train.Take(300).ToList();

        var a = TextClassifierTrainer.Train(small, new TextClassificationOptions());
        var b = TextClassifierTrainer.Train(small, new TextClassificationOptions());

        Assert.Equal(a.Evaluate(yelp.Test).ToMetrics(), b.Evaluate(yelp.Test).ToMetrics());
    }

    [Fact]
    public void Task_Predict_RejectsBadInputs_WithTheFieldName()
    {
        var model = new TextClassificationTask().Load(yelp.Classifier.ToPackage());

        string Error(string json) => Assert.Throws<RelearnException>(() => model.Predict(JsonDocument.Parse(json).RootElement)).Message;

        Assert.Contains("text is required", Error("{}"), StringComparison.Ordinal);
        Assert.Contains("must be a string", Error("{\"text\": 3}"), StringComparison.Ordinal);
        Assert.Contains("must not be empty", Error("{\"text\": \"  \"}"), StringComparison.Ordinal);
        Assert.Contains("JSON object", Error("[1]"), StringComparison.Ordinal);
        Assert.Contains("instances[1].text", Assert.Throws<RelearnException>(() =>
            model.PredictBatch([JsonDocument.Parse("{\"text\":\"ok\"}").RootElement, JsonDocument.Parse("{}").RootElement])).Message, StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
