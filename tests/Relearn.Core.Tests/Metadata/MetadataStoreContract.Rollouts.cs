using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Rollout;

namespace Relearn.Core.Tests.Metadata;

public abstract partial class MetadataStoreContract<TStore>
{
    private static IRolloutStore Rollouts(TStore store) => (IRolloutStore)(object)store!;

    /// <summary>A model with versions 1 and 2, version 1 in production.</summary>
    private async Task<string> ChampionAndChallengerAsync(string model)
    {
        var experiment = await Store.GetOrCreateExperimentAsync("rollout-" + model);
        var run = await Store.CreateRunAsync(experiment.Id, "r");
        await Store.CreateVersionAsync(model, "text-classification", run.RunId, new string('a', 64), null, new Dictionary<string, double>());
        await Store.CreateVersionAsync(model, "text-classification", run.RunId, new string('b', 64), null, new Dictionary<string, double>());
        await Store.MoveAliasAsync(model, "production", null, 1, "promote", "test", "first");
        return model;
    }

    [Fact]
    public async Task Rollout_StartThenPromote_MovesStagingCanaryAndProductionInTheAuditLogWithTheEvidence_Issue10()
    {
        var model = await ChampionAndChallengerAsync("m");
        var started = await Rollouts(Store).StartRolloutAsync(model, 1, 2, "canary", 0.25, new RolloutSettings(MinRequests: 5), "test");
        var aliasesLive = (await Store.GetModelAsync(model))!.Aliases;
        var evidence = new RolloutEvidence(new SideEvidence(1, 30, 0, 0, 5, 20, 15, 0.75), new SideEvidence(2, 10, 0, 0, 5, 8, 7, 0.875), 12);

        var decided = await Rollouts(OpenAgain()).DecideRolloutAsync(started.Id, "promote", "gate passed", evidence, "rollout-gate");
        var again = await Rollouts(Store).DecideRolloutAsync(started.Id, "rollback", "late", evidence, "other");

        Assert.Equal(2, aliasesLive["staging"]);
        Assert.Equal(2, aliasesLive["canary"]);
        Assert.Equal(1, aliasesLive["production"]);
        Assert.NotNull(decided);
        Assert.Null(again);
        Assert.Equal(RolloutStage.Production, decided.Stage);
        var aliases = (await Store.GetModelAsync(model))!.Aliases;
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2 }, aliases.ToDictionary());
        var history = await Store.GetAliasHistoryAsync(model);
        Assert.Equal(["production", "staging", "canary", "production", "canary", "staging"], history.Select(h => h.Alias));
        var promote = history.Single(h => h.Alias == "production" && h.NewVersion == 2);
        Assert.Equal("promote", promote.Action);
        Assert.Contains("gate passed", promote.Reason);
        Assert.Contains("challenger v2: 10 requests, 8 labels, accuracy 0.875", promote.Reason);
        Assert.Contains("champion v1: 30 requests, 20 labels, accuracy 0.75", promote.Reason);
        var stored = (await Rollouts(Store).ListRolloutsAsync(model, 5)).Single();
        Assert.Equal("promote", stored.Decision);
        Assert.Equal(0.875, stored.Evidence!.Challenger.Accuracy);
        Assert.Equal(5, stored.Settings.MinRequests);
        Assert.Null(await Rollouts(Store).GetLiveRolloutAsync(model));
    }

    [Fact]
    public async Task Rollout_Rollback_RemovesTheChallengersAliasesAndLeavesProduction_Issue10()
    {
        var model = await ChampionAndChallengerAsync("m");
        var started = await Rollouts(Store).StartRolloutAsync(model, 1, 2, "shadow", 1, new RolloutSettings(), "test");
        var evidence = new RolloutEvidence(new SideEvidence(1, 30, 0, 0, 5, 20, 15, 0.75), new SideEvidence(2, 30, 0, 0, 5, 20, 10, 0.5), 12);

        var decided = await Rollouts(Store).DecideRolloutAsync(started.Id, "rollback", "gate failed: accuracy 0.5 < champion's 0.75", evidence, "rollout-gate");

        Assert.Equal(RolloutStage.RolledBack, decided!.Stage);
        Assert.Equal(new Dictionary<string, int> { ["production"] = 1 }, (await Store.GetModelAsync(model))!.Aliases.ToDictionary());
        var removals = (await Store.GetAliasHistoryAsync(model)).Where(h => h.Action == "rollback").ToList();
        Assert.Equal(["shadow", "staging"], removals.Select(r => r.Alias));
        Assert.All(removals, r => Assert.Contains("accuracy 0.5 < champion's 0.75", r.Reason));
    }

    [Fact]
    public async Task Rollout_ASecondLiveRolloutOfTheSameModel_IsAConflict_Issue10()
    {
        var model = await ChampionAndChallengerAsync("m");
        await Rollouts(Store).StartRolloutAsync(model, 1, 2, "canary", 0.5, new RolloutSettings(), "test");

        var e = await Assert.ThrowsAsync<RelearnException>(() => Rollouts(OpenAgain()).StartRolloutAsync(model, 1, 2, "canary", 0.5, new RolloutSettings(), "test"));

        Assert.Equal(RelearnErrorKind.Conflict, e.Kind);
        Assert.Single(await Rollouts(Store).ListLiveRolloutsAsync());
    }

    [Fact]
    public async Task RolloutStats_FromTwoReplicas_AddUp_Issue10()
    {
        var model = await ChampionAndChallengerAsync("m");
        var started = await Rollouts(Store).StartRolloutAsync(model, 1, 2, "canary", 0.5, new RolloutSettings(), "test");
        var one = SideStats.Empty with { Requests = 3, Errors = 1, Buckets = [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };

        await Task.WhenAll(
            Rollouts(Store).AddRolloutStatsAsync(started.Id, new RolloutStats(one, SideStats.Empty)),
            Rollouts(OpenAgain()).AddRolloutStatsAsync(started.Id, new RolloutStats(one, one)));

        var live = (await Rollouts(Store).GetLiveRolloutAsync(model))!;
        Assert.Equal(6, live.Stats.Champion.Requests);
        Assert.Equal(2, live.Stats.Champion.Errors);
        Assert.Equal(6, live.Stats.Champion.Buckets[1]);
        Assert.Equal(3, live.Stats.Challenger.Requests);
        Assert.Equal(1.0, live.Stats.Challenger.P99Ms);
    }

    [Fact]
    public async Task RolloutLabels_OfShadowPredictions_AreTheLabelsOfTheAnswersTheyShadowed_Issue10()
    {
        var model = await ChampionAndChallengerAsync("m");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var predictions = (IPredictionStore)(object)Store!;
        await predictions.AppendPredictionsAsync(
        [
            new("a", model, 1, at, "{}", "{\"label\":\"1\"}"),
            new("a.shadow", model, 2, at, "{}", "{\"label\":\"0\"}"),
            new("old", model, 1, at.AddDays(-1), "{}", "{\"label\":\"1\"}"),
        ]);
        await predictions.AddFeedbackAsync([new("a", model, "\"0\"", null, null, at), new("old", model, "\"1\"", null, null, at)]);

        var rows = await Rollouts(Store).ListRolloutLabelsAsync(model, at.AddMinutes(-1), [1, 2]);

        Assert.Equal([(1, "{\"label\":\"1\"}", "\"0\""), (2, "{\"label\":\"0\"}", "\"0\"")], rows.OrderBy(r => r.Version));
        Assert.Equal(2, await Rollouts(Store).CountLabelsSinceAsync(model, at.AddMinutes(-1)));
        Assert.Equal(0, await Rollouts(Store).CountLabelsSinceAsync(model, at.AddMinutes(1)));
    }

    [Fact]
    public async Task RetrainClaim_IsHeldByOneProcessUntilFinished_Issue10()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Rollouts(i % 2 == 0 ? Store : OpenAgain()).TryClaimRetrainAsync("m", $"owner-{i}", "labels: 500", TimeSpan.FromHours(1))));
        var holder = (await Rollouts(Store).GetRetrainClaimAsync("m"))!;
        var whileRunning = await Rollouts(Store).TryClaimRetrainAsync("m", "late", "labels", TimeSpan.FromHours(1));
        await Rollouts(Store).FinishRetrainAsync("m", holder.Owner, "run-1", "version 3 in canary");
        var afterwards = await Rollouts(Store).TryClaimRetrainAsync("m", "next", "labels", TimeSpan.FromHours(1));
        var stale = await Rollouts(Store).TryClaimRetrainAsync("m", "taker", "labels", TimeSpan.Zero - TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, claims.Count(c => c));
        Assert.False(whileRunning);
        Assert.True(afterwards);
        Assert.True(stale);
        Assert.Equal("taker", (await Rollouts(Store).GetRetrainClaimAsync("m"))!.Owner);
    }
}
