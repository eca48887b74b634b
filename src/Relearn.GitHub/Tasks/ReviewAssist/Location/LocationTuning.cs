using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Features;

namespace Relearn.GitHub.Tasks.ReviewAssist.Location;

/// <summary>The tuned location model, its cross-validated AUC and the parameters that won.</summary>
public sealed record LocationTuningResult(LocationModel Model, double CrossValidatedAuc, StudyResult Study);

/// <summary>
/// TPE over <see cref="LocationParameters.Space"/>: each trial's value is the AUC of out-of-fold scores, averaged over
/// repeated stratified k-fold splits of the labelled training hunks (reported per repeat, so the median rule can prune).
/// The winner's out-of-fold scores pick the decision threshold (best F1), then it is refitted on all of them.
/// </summary>
public static class LocationTuning
{
    /// <summary>Tunes and fits on <paramref name="rows"/> (labelled hunks only).</summary>
    public static async Task<LocationTuningResult> TuneAsync(IReadOnlyList<ReviewExample> rows, ReviewAssistTrainingOptions options, TimeProvider time,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var labels = rows.Select(r => r.Y == 1).ToArray();
        var hunks = rows.Select(r => (Hunk: DiffHunk.Parse(r.Patch), Context: new HunkContext(r.Language, r.Path))).ToArray();
        var features = new[] { true, false }.ToDictionary(removed => removed, removed => hunks.Select(h => HunkFeatures.Of(h.Hunk, h.Context, removed)).ToArray());
        var folds = Enumerable.Range(0, options.Repeats).Select(r => Folds(labels, options.Folds, options.Seed + r)).ToArray();
        var finished = 0;
        var study = await new Study(time).OptimizeAsync(LocationParameters.Space, (trial, token) =>
        {
            var parameters = LocationParameters.From(trial.Params);
            var total = 0.0;
            for (var r = 0; r < folds.Length; r++)
            {
                total += OutOfFoldAuc(features[parameters.RemovedTokens], labels, folds[r], parameters, token, out _);
                trial.Report(r, total / (r + 1));
            }
            progress?.Report($"tuning: {Interlocked.Increment(ref finished)}/{options.Trials} trials");
            return Task.FromResult(total / folds.Length);
        }, new StudyOptions { Direction = StudyDirection.Maximize, Trials = options.Trials, Parallelism = options.Parallelism, Seed = options.Seed },
            null, cancellationToken);
        var best = LocationParameters.From(study.BestTrial.Params);
        var x = features[best.RemovedTokens];
        OutOfFoldAuc(x, labels, folds[0], best, cancellationToken, out var outOfFold);
        var threshold = BestF1Threshold(labels, outOfFold);
        var model = LocationModel.Fit(x, labels, best, cancellationToken).WithThreshold(threshold);
        return new LocationTuningResult(model, study.BestTrial.Value!.Value, study);
    }

    private static double OutOfFoldAuc(SparseVector[] x, bool[] labels, int[] fold, LocationParameters parameters, CancellationToken cancellationToken, out double[] scores)
    {
        scores = new double[labels.Length];
        foreach (var k in fold.Distinct())
        {
            var train = Enumerable.Range(0, labels.Length).Where(i => fold[i] != k).ToArray();
            var model = LocationModel.Fit(train.Select(i => x[i]).ToArray(), train.Select(i => labels[i]).ToArray(), parameters, cancellationToken);
            for (var i = 0; i < labels.Length; i++)
            {
                if (fold[i] == k)
                {
                    scores[i] = model.Score(x[i]);
                }
            }
        }
        return BinaryMetrics.Compute(labels, scores)["auc"];
    }

    /// <summary>Stratified fold numbers: each class shuffled with the seed and dealt round-robin.</summary>
    private static int[] Folds(bool[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[labels.Length];
        foreach (var cls in new[] { false, true })
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == cls).ToArray();
            random.Shuffle(members);
            for (var k = 0; k < members.Length; k++)
            {
                fold[members[k]] = k % folds;
            }
        }
        return fold;
    }

    /// <summary>The score cut with the best F1 on out-of-fold scores (the lowest such cut among ties).</summary>
    private static double BestF1Threshold(bool[] labels, double[] scores)
    {
        var best = (F1: -1.0, Threshold: 0.5);
        foreach (var candidate in scores.Distinct().Order())
        {
            var f1 = ReviewMetrics.AtThreshold(labels, scores, candidate).F1;
            if (f1 > best.F1)
            {
                best = (f1, candidate);
            }
        }
        return best.Threshold;
    }
}
