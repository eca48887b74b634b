using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Training;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// A tracked text-classification training: validates the files, stores and versions the dataset, then trains
/// and evaluates in a run that records its parameters, metrics and artifacts (model, metrics.json, model card,
/// the evaluation split). Nothing is written before the input is known to be good; a training that fails
/// after the run started ends the run as failed.
/// </summary>
public sealed class TextClassificationTraining(IArtifactStore artifacts, IDatasetCatalog datasets, ITrackingStore tracking, TimeProvider time)
{
    /// <summary>Run artifact holding the model package.</summary>
    public const string ModelArtifact = Registry.ModelRegistry.ModelArtifact;

    /// <summary>Run artifact holding the canonical evaluation split.</summary>
    public const string EvaluationArtifact = Registry.ModelRegistry.EvaluationArtifact;

    /// <summary>
    /// Trains from files into the experiment named <paramref name="experiment"/>. With <paramref name="testFiles"/>
    /// the model trains on all of <paramref name="files"/> and is evaluated on them; otherwise a seeded stratified
    /// split of <paramref name="files"/> is held out.
    /// </summary>
    public async Task<TrainingResult> TrainAsync(string experiment, IReadOnlyList<string> files, TextClassificationOptions options,
        IProgress<string>? progress = null, IReadOnlyList<string>? testFiles = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (files.Count == 0)
        {
            throw RelearnException.Invalid("no data files given");
        }
        progress?.Report("reading data");
        var rows = LabelledTextReader.ReadFiles(files);
        LabelledTextReader.RequireTrainable(rows);
        IReadOnlyList<LabelledText>? heldOut = null;
        if (testFiles is { Count: > 0 })
        {
            heldOut = LabelledTextReader.ReadFiles(testFiles);
            LabelledTextReader.RequireTrainable(heldOut);
        }

        var canonical = LabelledTextReader.ToCanonicalBytes(rows);
        var stored = await artifacts.PutBytesAsync(canonical, cancellationToken);
        var dataset = await datasets.RegisterAsync(experiment, stored.Digest, rows.Count, LabelledTextReader.Schema,
            string.Join(", ", files.Select(Path.GetFileName)), cancellationToken);

        var exp = await tracking.GetOrCreateExperimentAsync(experiment, cancellationToken);
        var run = await tracking.CreateRunAsync(exp.Id, $"{experiment}-{options.Trainer.ToString().ToLowerInvariant()}", cancellationToken: cancellationToken);
        try
        {
            var parameters = options.ToParams();
            await tracking.LogParamsAsync(run.RunId, parameters, cancellationToken);
            await tracking.LinkDatasetAsync(run.RunId, dataset.Id, cancellationToken);
            await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string>
            {
                ["relearn.task"] = TextClassifier.TaskName,
                ["relearn.dataset"] = dataset.Id,
            }, cancellationToken);

            var (train, test) = heldOut is null ? StratifiedSplit.Split(rows, r => r.Label, options.TestFraction, options.Seed) : (rows, heldOut);
            if (heldOut is not null)
            {
                await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["relearn.test_data"] = string.Join(", ", testFiles!.Select(Path.GetFileName)) }, cancellationToken);
            }
            progress?.Report($"training {options.Trainer} on {train.Count} rows");
            var started = time.GetTimestamp();
            var classifier = await Task.Run(() => TextClassifierTrainer.Train(train, options), cancellationToken);
            var trainSeconds = time.GetElapsedTime(started).TotalSeconds;

            progress?.Report($"evaluating on {test.Count} rows");
            var report = classifier.Evaluate(test);
            var metrics = new Dictionary<string, double>(report.ToMetrics()) { ["train_seconds"] = trainSeconds };
            var now = time.GetUtcNow();
            await tracking.LogMetricsAsync(run.RunId, metrics.Select(m => new MetricPoint(m.Key, m.Value, 0, now)), cancellationToken);

            progress?.Report("storing artifacts");
            var model = await artifacts.PutBytesAsync(classifier.ToPackage(), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ModelArtifact, model, cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, EvaluationArtifact,
                await artifacts.PutBytesAsync(LabelledTextReader.ToCanonicalBytes(test), cancellationToken), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "metrics.json",
                await artifacts.PutTextAsync(JsonSerializer.Serialize(new { metrics, confusion_matrix = report.Confusion }, JsonDefaults.Indented), cancellationToken),
                cancellationToken);
            var card = ModelCard.Write(experiment, TextClassifier.TaskName,
                $"Classify short English texts as {options.Classes[0]} or {options.Classes[1]}, like the training sentences.",
                dataset, train.Count, test.Count, parameters, metrics, run.RunId);
            await tracking.AddArtifactAsync(run.RunId, "model-card.md", await artifacts.PutTextAsync(card, cancellationToken), cancellationToken);

            await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
            return new TrainingResult(run.RunId, dataset, model.Digest, metrics);
        }
        catch
        {
            await tracking.EndRunAsync(run.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }
}
