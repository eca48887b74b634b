using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Core.Tests.Metadata;

public abstract partial class MetadataStoreContract<TStore>
{
    private IPredictionStore Predictions(TStore store) => (IPredictionStore)(object)store!;

    [Fact]
    public async Task Predictions_AndTheirLabels_AreSeenByAnotherStoreInstance_Issue9()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Predictions(Store).AppendPredictionsAsync(
        [
            new("p1", "m", 1, at, "{\"text\":\"a\"}", "{\"label\":\"positive\"}"),
            new("p2", "m", 2, at.AddSeconds(1), "{\"text\":\"b\"}", "{\"label\":\"negative\"}"),
            new("q1", "other", 1, at, "{}", "{}"),
        ]);
        // The same id again (a retried batch) changes nothing.
        await Predictions(Store).AppendPredictionsAsync([new("p1", "m", 9, at, "{}", "{}")]);
        await Predictions(Store).AddFeedbackAsync(
        [
            new("p1", "m", "\"negative\"", null, null, at.AddMinutes(1)),
            new("p2", "m", "\"negative\"", "accepted", "ok", at.AddMinutes(1)),
        ]);
        await Predictions(Store).AddFeedbackAsync([new("p1", "m", "\"positive\"", null, null, at.AddMinutes(2))]);

        var replica = Predictions(OpenAgain());
        var found = await replica.GetPredictionsAsync("m", ["p1", "p2", "q1", "nope"]);
        var counts = await replica.CountFeedbackAsync("m");
        var labelled = await replica.ListLabelledAsync("m", 10);

        Assert.Equal(["p1", "p2"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, found["p1"].Version);
        Assert.Equal("{\"text\":\"a\"}", found["p1"].InputJson);
        Assert.Equal(1, counts[""]);
        Assert.Equal(1, counts["accepted"]);
        Assert.Equal(["p2", "p1"], labelled.Select(l => l.Prediction.PredictionId));
        Assert.Equal("\"positive\"", labelled[1].Label.LabelJson);
        Assert.Equal("ok", labelled[0].Label.Text);
    }

    [Fact]
    public async Task PredictionListings_OfTheWholeModel_LeaveShadowScoresOut_ButTheChallengersOwnListingHasThem_Issue10()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Predictions(Store).AppendPredictionsAsync(
        [
            new("a1", "m", 1, at, "{\"text\":\"a\"}", "{\"label\":\"positive\"}"),
            new("a1.shadow", "m", 2, at, "{\"text\":\"a\"}", "{\"label\":\"negative\"}"),
            new("a2", "m", 2, at.AddSeconds(1), "{\"text\":\"b\"}", "{\"label\":\"negative\"}"),
        ]);

        var modelWide = await Predictions(Store).ListPredictionsAsync("m", null, at, 10);
        var latest = await Predictions(Store).ListLatestPredictionsAsync("m", null, 10);
        var challenger = await Predictions(Store).ListLatestPredictionsAsync("m", 2, 10);

        Assert.Equal(["a1", "a2"], modelWide.Select(p => p.PredictionId));
        Assert.Equal(["a1", "a2"], latest.Select(p => p.PredictionId));
        Assert.Equal(["a1.shadow", "a2"], challenger.Select(p => p.PredictionId));
    }
}
