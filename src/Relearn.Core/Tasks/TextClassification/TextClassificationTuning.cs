using System.Globalization;
using Relearn.Core.Datasets;
using Relearn.Core.Training;
using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>What a tuned text-classification training produced: the tracked final training and the search behind it.</summary>
public sealed record TextTuningResult(TrainingResult Training, double BestValidationAuc, IReadOnlyDictionary<string, string> BestParams, int Trials);

/// <summary>
/// A small TPE search (the study of <see cref="Training.Tuning"/>) over the trainer (L-BFGS or SDCA), L-BFGS's L2 and the word and
/// character n-gram lengths, scored by AUC on a validation part of the training rows; the best settings then go through
/// the ordinary tracked training. The rows that training holds out for its test metrics (same seed, same fraction) are
/// never seen by the search, so the reported test metrics stay honest.
/// </summary>
public sealed class TextClassificationTuning(TextClassificationTraining training, TimeProvider time)
{
    private static readonly SearchSpace Space = new(
    [
        new CategoricalParameter("trainer", ["lbfgs", "sdca"]),
        new FloatParameter("l2", 0.01, 1.0, Log: true),
        new IntParameter("word_ngrams", 1, 2),
        new IntParameter("char_ngrams", 3, 5),
    ]);

    /// <summary>Searches <paramref name="trials"/> settings, then trains the best into <paramref name="experiment"/>.</summary>
    public async Task<TextTuningResult> TuneAsync(string experiment, IReadOnlyList<string> files, TextClassificationOptions baseline, int trials, int parallelism,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(baseline);
        baseline.Validate();
        var rows = LabelledTextReader.ReadFiles(files);
        LabelledTextReader.RequireTrainable(rows);
        var (train, _) = StratifiedSplit.Split(rows, r => r.Label, baseline.TestFraction, baseline.Seed);
        var (fit, valid) = StratifiedSplit.Split(train, r => r.Label, 0.25, baseline.Seed);
        var study = await new Study(time).OptimizeAsync(Space, async (trial, token) =>
        {
            var options = Apply(baseline, trial.Params);
            var classifier = await Task.Run(() => TextClassifierTrainer.Train(fit, options), token);
            var auc = classifier.Evaluate(valid).ToMetrics()["auc"];
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"trial {trial.Number}: {trial.Params} -> validation auc {auc:0.####}"));
            return auc;
        }, new StudyOptions { Direction = StudyDirection.Maximize, Trials = trials, Parallelism = parallelism, Seed = baseline.Seed, Pruner = null }, null, cancellationToken);
        var best = study.BestTrial;
        progress?.Report($"best: {best.Params}");
        var result = await training.TrainAsync(experiment, files, Apply(baseline, best.Params), progress, null, cancellationToken);
        return new TextTuningResult(result, best.Value!.Value, best.Params.ToParams(), study.Trials.Count);
    }

    // The L2 range is L-BFGS's (default 0.1); SDCA keeps ML.NET's own L2, since values on that scale leave it
    // predicting one class (validation AUC 0.5 on the samples).
    private static TextClassificationOptions Apply(TextClassificationOptions baseline, TrialParams p) => baseline with
    {
        Trainer = Enum.Parse<TextTrainer>(p.GetString("trainer"), ignoreCase: true),
        L2Regularization = p.GetString("trainer") == "lbfgs" ? (float)p.GetDouble("l2") : null,
        WordNgrams = p.GetInt("word_ngrams"),
        CharNgrams = p.GetInt("char_ngrams"),
    };
}
