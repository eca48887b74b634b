using Relearn.Core.Datasets;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Tasks.TextClassification;

/// <summary>The compiled TF-IDF scorer against ML.NET's own pipeline, on a model trained on yelp.</summary>
public sealed class CompiledTfIdfTests(YelpClassifier yelp) : IClassFixture<YelpClassifier>
{
    [Fact]
    public void CompiledScorer_OnEveryAmazonSentence_ScoresAsMlNetDoes()
    {
        var scorer = Assert.IsType<TfIdfScorer>(yelp.Classifier.Scorer);
        var texts = LabelledTextReader.ReadFiles([Some.Amazon]).Select(r => r.Text).ToList();

        var compiled = scorer.Score(texts);
        var reference = scorer.ScoreWithMlNet(texts);

        Assert.True(scorer.IsCompiled);
        Assert.All(Enumerable.Range(0, texts.Count), i => Assert.True(Math.Abs(compiled[i] - reference[i]) <= CompiledTfIdf.Tolerance,
            $"'{texts[i]}': compiled {compiled[i]}, ML.NET {reference[i]}"));
    }

    [Fact]
    public void CompiledScorer_TakesPlainTexts_AndLeavesTheRestToMlNet()
    {
        var scorer = Assert.IsType<TfIdfScorer>(yelp.Classifier.Scorer);
        var texts = new[] { "Great phone, works well.", "pipe | here", "Café crème was lovely", "tab\there", new string('a', 5000) };

        var scores = scorer.Score(texts);
        var reference = scorer.ScoreWithMlNet(texts);

        // Non-ASCII, control characters and very long texts are scored by ML.NET itself, so they match exactly.
        Assert.Equal(reference[2..], scores[2..]);
        Assert.All(scores[..2].Zip(reference[..2]), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, CompiledTfIdf.Tolerance));
    }

    [Fact]
    public void LoadedFromItsPackage_TheModelIsCompiledAgain()
    {
        var loaded = TextClassifier.FromPackage(yelp.Classifier.ToPackage());

        Assert.True(Assert.IsType<TfIdfScorer>(loaded.Scorer).IsCompiled);
        Assert.Equal(yelp.Classifier.Predict("The fries were cold.").Probability, loaded.Predict("The fries were cold.").Probability, 6);
    }

    [Fact]
    public void TreeModel_IsNotCompiled_AndStillScores()
    {
        var trees = TextClassifierTrainer.Train(yelp.Train.Take(300).ToList(), new TextClassificationOptions { Trainer = TextTrainer.LightGbm, Iterations = 20 });

        var scorer = Assert.IsType<TfIdfScorer>(trees.Scorer);

        Assert.False(scorer.IsCompiled);
        Assert.InRange(trees.Predict("The food was delicious.").Probability, 0, 1);
    }
}
