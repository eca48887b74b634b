using System.Text.Json;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>Where a validation came from, for the tags that tie it to a model version's evidence.</summary>
/// <param name="Dataset">The dataset version checked (<c>NAME:VERSION</c>), when one was.</param>
/// <param name="PipelineRun">The pipeline run whose <c>validate</c> stage ran it, when one did.</param>
public sealed record ValidationOrigin(string? Dataset = null, string? PipelineRun = null);

/// <summary>A validation recorded: its tracking run and its data docs page.</summary>
public sealed record RecordedValidation(SuiteValidationResult Result, string RunId, string ResultDigest, string PagePath, string IndexPath);

/// <summary>
/// Runs a suite and records the validation as evidence: a tracking run in the <c>data-validation</c> experiment tagged
/// <c>relearn.validation=expectation_suite</c> (with <c>relearn.validation.suite</c>, <c>.data</c>, <c>.success</c>,
/// and <c>relearn.dataset</c> / <c>relearn.pipeline_run</c> when known; the dataset version is also linked), the suite
/// statistics as metrics, the GE-shaped result and the data docs page as artifacts; and the page under
/// <c>HOME/data_docs</c>. The ML Test Score counts these runs as data-section evidence.
/// </summary>
public sealed class ValidationRecorder(ITrackingStore tracking, IArtifactStore artifacts, RelearnLocation location, TimeProvider time, ILogger<ValidationRecorder> logger)
{
    /// <summary>The experiment validation runs are recorded in.</summary>
    public const string Experiment = "data-validation";

    /// <summary>The tag (and its value) that marks a run as an expectation-suite validation.</summary>
    public const string Tag = "relearn.validation";

    /// <summary>The value of <see cref="Tag"/>.</summary>
    public const string TagValue = "expectation_suite";

    /// <summary>The data docs site under the home folder.</summary>
    public DataDocs Docs { get; } = new(Path.Combine(location.Home, "data_docs"));

    /// <summary>Validates <paramref name="batch"/> against <paramref name="suite"/> and records the result.</summary>
    public async Task<RecordedValidation> ValidateAsync(ExpectationSuite suite, DataBatch batch, ValidationOrigin? origin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(batch);
        origin ??= new ValidationOrigin();
        var experiment = await tracking.GetOrCreateExperimentAsync(Experiment, cancellationToken);
        var run = await tracking.CreateRunAsync(experiment.Id, $"validate {suite.Name}", cancellationToken: cancellationToken);
        try
        {
            var result = SuiteValidator.Validate(suite, batch, run.RunId, time.GetUtcNow());
            var tags = new Dictionary<string, string>
            {
                [Tag] = TagValue,
                [$"{Tag}.suite"] = suite.Name,
                [$"{Tag}.data"] = batch.Name,
                [$"{Tag}.success"] = result.Success ? "true" : "false",
            };
            if (origin.Dataset is { } dataset)
            {
                tags["relearn.dataset"] = dataset;
                await tracking.LinkDatasetAsync(run.RunId, dataset, cancellationToken);
            }
            if (origin.PipelineRun is { } pipelineRun)
            {
                tags["relearn.pipeline_run"] = pipelineRun;
            }
            var s = result.Statistics;
            var now = time.GetUtcNow();
            var metrics = new List<MetricPoint>
            {
                new("evaluated_expectations", s.EvaluatedExpectations, 0, now),
                new("successful_expectations", s.SuccessfulExpectations, 0, now),
                new("unsuccessful_expectations", s.UnsuccessfulExpectations, 0, now),
            };
            if (s.SuccessPercent is { } percent)
            {
                metrics.Add(new("success_percent", percent, 0, now));
            }
            await tracking.LogBatchAsync(run.RunId, metrics, new Dictionary<string, string> { ["suite"] = suite.Name, ["data"] = batch.Name }, tags, cancellationToken);
            var stored = await artifacts.PutTextAsync(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "validation_result.json", stored, cancellationToken);
            var page = await Docs.WriteAsync(result, cancellationToken);
            var html = await artifacts.PutTextAsync(await File.ReadAllTextAsync(page, cancellationToken), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "data_docs.html", html, cancellationToken);
            await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
            logger.SuiteValidated(batch.Name, suite.Name, s.SuccessfulExpectations, s.EvaluatedExpectations, run.RunId, page);
            return new RecordedValidation(result, run.RunId, stored.Digest, page, Docs.IndexPath);
        }
        catch
        {
            await tracking.EndRunAsync(run.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }
}
