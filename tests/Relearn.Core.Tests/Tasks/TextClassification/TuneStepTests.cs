using Relearn.Core.Tracking;
using Microsoft.Extensions.DependencyInjection;

using Relearn.Core.Tests.Pipelines;

namespace Relearn.Core.Tests.Tasks.TextClassification;

public sealed class TuneStepTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task Tune_SearchesSettingsOnTheTrainingRows_ThenTrainsTheBestAsATrackedRun()
    {
        File.Copy(Some.Yelp, Path.Combine(_fixture.Project, "yelp.txt"));

        var result = await _fixture.RunAsync("""
            name: tuned
            stages:
              tune: {step: tune, inputs: [yelp.txt], with: {experiment: tuned, trials: "3"}}
              register: {step: register, with: {run: "${stages.tune.outputs.run}", model: tuned}}
            """);

        Assert.True(result.Succeeded, result.Run.Error);
        var tune = result.Attempts.Single(a => a.Stage == "tune");
        Assert.Equal(3, tune.Metrics["trials"]);
        var log = await Relearn.Core.Storage.ArtifactStoreExtensions.ReadTextAsync(_fixture.Artifacts, tune.LogDigest!);
        Assert.True(tune.Metrics["best_validation_auc"] > 0.6, log);
        Assert.Equal(200, tune.Metrics["n"]);
        var run = await _fixture.Services.GetRequiredService<ITrackingStore>().GetRunAsync(tune.Outputs["run"].Value);
        Assert.Equal(RunStatus.Finished, run!.Info.Status);
        Assert.Contains(run.Params["trainer"], new[] { "lbfgs", "sdca" });
        Assert.Equal(tune.Metrics["auc"], run.Metrics["auc"]);
    }

    [Fact]
    public async Task Tune_WithZeroTrials_FailsWithOneLine()
    {
        File.Copy(Some.Yelp, Path.Combine(_fixture.Project, "yelp.txt"));

        var result = await _fixture.RunAsync("""
            name: tuned
            stages:
              tune: {step: tune, inputs: [yelp.txt], with: {experiment: tuned, trials: "0"}}
            """);

        Assert.Equal("stage tune: trials and parallelism must be at least 1", Assert.Single(result.Attempts).Error);
    }

    public void Dispose() => _fixture.Dispose();
}
