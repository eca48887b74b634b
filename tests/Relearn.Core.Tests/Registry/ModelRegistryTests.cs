using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Registry;

public sealed class ModelRegistryTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Register_FromATrainingRun_CarriesLineageToRunAndDataset()
    {
        var version = await f.Registry.RegisterAsync("lineage", f.Good.RunId);

        var lineage = await f.Registry.GetLineageAsync(new ModelReference("lineage", null, version.Version));

        Assert.Equal(TextClassifier.TaskName, version.Task);
        Assert.Equal(f.Good.RunId, lineage.Run!.Info.RunId);
        Assert.Equal(f.Good.Dataset, lineage.Dataset);
        Assert.Equal(1000, lineage.Dataset!.RowCount);
        Assert.Equal(f.Good.Metrics["auc"], version.Metrics["auc"]);
        Assert.Contains(lineage.Run.Artifacts, a => a.Path == "model-card.md");
        var card = await f.Artifacts.ReadTextAsync(lineage.Run.Artifacts.Single(a => a.Path == "model-card.md").Digest);
        Assert.Contains(f.Good.Dataset.Id, card, StringComparison.Ordinal);
        Assert.Contains("## Intended use", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_WhenChallengerIsWorse_KeepsChampion()
    {
        var good = await f.Registry.RegisterAsync("guarded", f.Good.RunId);
        var weak = await f.Registry.RegisterAsync("guarded", f.Weak.RunId);
        Assert.True((await f.Registry.PromoteAsync("guarded", good.Version)).Promoted);

        var refused = await f.Registry.PromoteAsync("guarded", weak.Version, evaluationData: await EvalSplit(good));

        Assert.False(refused.Promoted);
        Assert.True(refused.ChallengerScore < refused.ChampionScore);
        Assert.Contains("refused", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(good.Version, await f.Store.GetAliasAsync("guarded", "production"));
        Assert.Single(await f.Store.GetAliasHistoryAsync("guarded"));
    }

    [Fact]
    public async Task Promote_WhenForced_MovesTheAliasAndSaysSo()
    {
        var good = await f.Registry.RegisterAsync("forced", f.Good.RunId);
        var weak = await f.Registry.RegisterAsync("forced", f.Weak.RunId);
        await f.Registry.PromoteAsync("forced", good.Version);

        var result = await f.Registry.PromoteAsync("forced", weak.Version, force: true, evaluationData: await EvalSplit(good));

        Assert.True(result.Promoted);
        Assert.Equal(weak.Version, await f.Store.GetAliasAsync("forced", "production"));
        Assert.Contains("forced", (await f.Store.GetAliasHistoryAsync("forced")).Last().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_WhenForced_SkipsEvaluation_AndRecordsThatItWasForced()
    {
        var good = await f.Registry.RegisterAsync("forced-unevaluated", f.Good.RunId);
        var weak = await f.Registry.RegisterAsync("forced-unevaluated", f.Weak.RunId);
        await f.Registry.PromoteAsync("forced-unevaluated", good.Version);

        // Data no model can be scored on: evaluating would throw, so this passes only when evaluation is skipped.
        var result = await f.Registry.PromoteAsync("forced-unevaluated", weak.Version, force: true, evaluationData: "not,a,dataset\n"u8.ToArray());

        Assert.True(result.Promoted);
        Assert.Null(result.ChallengerScore);
        Assert.Null(result.ChampionScore);
        Assert.Equal(weak.Version, await f.Store.GetAliasAsync("forced-unevaluated", "production"));
        Assert.Equal("forced: promoted without evaluation", (await f.Store.GetAliasHistoryAsync("forced-unevaluated")).Last().Reason);
    }

    [Fact]
    public async Task Rollback_RestoresPreviousHolders_InOrder_ThenRefuses()
    {
        for (var i = 0; i < 3; i++)
        {
            await f.Registry.RegisterAsync("rolled", f.Good.RunId);
            await f.Registry.PromoteAsync("rolled", i + 1, "staging", force: true);
        }

        var first = await f.Registry.RollbackAsync("rolled", "staging");
        var second = await f.Registry.RollbackAsync("rolled", "staging");
        var error = await Assert.ThrowsAsync<RelearnException>(() => f.Registry.RollbackAsync("rolled", "staging"));

        Assert.Equal((3, 2), (first.PreviousVersion, first.NewVersion));
        Assert.Equal((2, 1), (second.PreviousVersion, second.NewVersion));
        Assert.Equal(RelearnErrorKind.Conflict, error.Kind);
        Assert.Equal(1, await f.Store.GetAliasAsync("rolled", "staging"));
    }

    [Fact]
    public async Task Resolve_UnknownModelAliasOrVersion_IsNotFound()
    {
        await f.Registry.RegisterAsync("known", f.Good.RunId);

        foreach (var reference in new[] { "unknown", "known@nope", "known:99" })
        {
            var error = await Assert.ThrowsAsync<RelearnException>(() => f.Registry.ResolveAsync(ModelReference.Parse(reference)));
            Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
        }
    }

    [Fact]
    public async Task Register_AFailedRun_IsRefused()
    {
        var run = await f.Store.CreateRunAsync((await f.Store.GetOrCreateExperimentAsync("failing")).Id, "r");
        await f.Store.EndRunAsync(run.RunId, RunStatus.Failed);

        var error = await Assert.ThrowsAsync<RelearnException>(() => f.Registry.RegisterAsync("failing", run.RunId));

        Assert.Equal(RelearnErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task Train_OnOneClassData_WritesNothing()
    {
        var runsBefore = (await f.Store.ListRunsAsync(limit: 1000)).Count;
        var datasetsBefore = (await f.Store.ListAsync()).Count;
        var oneClass = Path.Combine(Path.GetDirectoryName(f.WeakFile)!, "one-class.txt");
        await File.WriteAllLinesAsync(oneClass, File.ReadAllLines(Some.Yelp).Where(l => l.EndsWith('1')));

        await Assert.ThrowsAsync<RelearnException>(() => f.Training.TrainAsync("one-class", [oneClass], new TextClassificationOptions()));

        Assert.Equal(runsBefore, (await f.Store.ListRunsAsync(limit: 1000)).Count);
        Assert.Equal(datasetsBefore, (await f.Store.ListAsync()).Count);
    }

    private async Task<byte[]> EvalSplit(ModelVersion version)
    {
        var run = (await f.Store.GetRunAsync(version.RunId))!;
        return await f.Artifacts.ReadBytesAsync(run.Artifacts.Single(a => a.Path == ModelRegistry.EvaluationArtifact).Digest);
    }
}
