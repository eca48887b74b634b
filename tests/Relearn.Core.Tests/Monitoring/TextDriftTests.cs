using Relearn.Core.Monitoring.TextDrift;

namespace Relearn.Core.Tests.Monitoring;

/// <summary>The text drift classifier on real sentences (UCI Sentiment Labelled Sentences, samples/sentiment).</summary>
public sealed class TextDriftTests
{
    private static string[] Sentences(string file) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", file)).Select(l => l.Split('\t')[0]).ToArray();

    [Fact]
    public void DomainClassifier_RestaurantVersusPhoneReviews_DriftsAndNamesTheWords_Issue9()
    {
        var yelp = Sentences("yelp_labelled.txt");
        var amazon = Sentences("amazon_cells_labelled.txt");

        var result = DomainClassifier.Compare(yelp[..500], amazon[..500], 500);

        Assert.True(result.Auc > result.Threshold, $"AUC {result.Auc} vs threshold {result.Threshold}");
        Assert.True(result.Auc > 0.8);
        Assert.Contains(result.CurrentWords, w => w is "phone" or "headset" or "battery" or "ear");
        Assert.Contains(result.ReferenceWords, w => w is "food" or "place" or "service" or "restaurant");
        Assert.True(result.OutOfVocabularyShare > 0.1);
    }

    [Fact]
    public void DomainClassifier_TwoHalvesOfTheSameSource_DoNotDrift_Issue9()
    {
        var yelp = Sentences("yelp_labelled.txt");

        var result = DomainClassifier.Compare(yelp.Where((_, i) => i % 2 == 0).ToArray(), yelp.Where((_, i) => i % 2 == 1).ToArray(), 500);

        Assert.True(result.Auc <= result.Threshold, $"AUC {result.Auc} vs threshold {result.Threshold}");
        Assert.InRange(result.Threshold, 0.52, 0.6);
    }
}
