using System.Globalization;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>One rolling origin: trained on issues whose outcome was known at <paramref name="Origin"/>, tested on the quarter after it.</summary>
/// <param name="Origin">The training cutoff T (a quarter start).</param>
/// <param name="Train">Issues opened before T minus the 7-day horizon (their label was known at T).</param>
/// <param name="Test">Issues opened in [T, T + 3 months).</param>
/// <param name="Auc">Test AUC of the model with every feature.</param>
/// <param name="BaselineAuc">Test AUC of the same settings on the seed's features (title/body shape, author association, time, TF-IDF; no repository history).</param>
public sealed record BacktestFold(DateTimeOffset Origin, int Train, int Test, double Auc, double BaselineAuc);

/// <summary>Rolling-origin backtest results, with their mean and spread.</summary>
public sealed record BacktestResult(IReadOnlyList<BacktestFold> Folds)
{
    /// <summary>Mean test AUC over the origins.</summary>
    public double Mean => Folds.Count == 0 ? double.NaN : Folds.Average(f => f.Auc);

    /// <summary>Population standard deviation of the test AUCs.</summary>
    public double Spread => Deviation(Folds.Select(f => f.Auc));

    /// <summary>Mean baseline AUC on the same folds.</summary>
    public double BaselineMean => Folds.Count == 0 ? double.NaN : Folds.Average(f => f.BaselineAuc);

    /// <summary>Spread of the baseline AUCs.</summary>
    public double BaselineSpread => Deviation(Folds.Select(f => f.BaselineAuc));

    /// <summary>As metrics: <c>backtest_auc_mean</c>, <c>backtest_auc_std</c>, <c>backtest_baseline_auc_mean</c>, <c>backtest_baseline_auc_std</c>, <c>backtest_origins</c>.</summary>
    /// <remarks>Empty when no origin had a whole quarter with both outcomes (a small dataset): a metric is never NaN.</remarks>
    public IReadOnlyDictionary<string, double> ToMetrics() => Folds.Count == 0 ? new Dictionary<string, double>() : new Dictionary<string, double>
    {
        ["backtest_auc_mean"] = Mean,
        ["backtest_auc_std"] = Spread,
        ["backtest_baseline_auc_mean"] = BaselineMean,
        ["backtest_baseline_auc_std"] = BaselineSpread,
        ["backtest_origins"] = Folds.Count,
    };

    /// <summary>The protocol and one line per origin, for the model card.</summary>
    public string Describe() => Folds.Count == 0
        ? "Rolling-origin backtest: none — the test period holds no whole quarter with both outcomes.\n"
        : "Rolling-origin backtest: for each quarter start T in the test period, refit the tuned settings on the issues opened before "
        + "T − 7 days (their outcome was known at T) and score the issues opened in the next quarter. Baseline: the same settings on the "
        + "seed's features (no repository history). Hyperparameters were tuned only on issues before the test split.\n\n"
        + "| origin T | train | test | AUC | baseline AUC |\n|---|---|---|---|---|\n"
        + string.Concat(Folds.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"| {f.Origin:yyyy-MM-dd} | {f.Train} | {f.Test} | {f.Auc:0.0000} | {f.BaselineAuc:0.0000} |\n")))
        + string.Create(CultureInfo.InvariantCulture, $"| mean ± sd | | | {Mean:0.0000} ± {Spread:0.0000} | {BaselineMean:0.0000} ± {BaselineSpread:0.0000} |\n");

    private static double Deviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return double.NaN;
        }
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}

/// <summary>
/// Rolling-origin evaluation (train up to T, test on the next quarter, for several T): the figure that predicts how a
/// model does on issues opened after it was trained, unlike one split next to the training data.
/// </summary>
public static class IssueCloseBacktest
{
    /// <summary>Quarter starts from the first one at or after <paramref name="from"/> whose whole next quarter lies in the data.</summary>
    public static IReadOnlyList<DateTimeOffset> Origins(IReadOnlyList<IssueCloseExample> examples, DateTimeOffset from)
    {
        if (examples.Count == 0)
        {
            return [];
        }
        var last = examples.Max(e => e.CreatedAt);
        var origins = new List<DateTimeOffset>();
        for (var t = QuarterStart(from) < from ? QuarterStart(from).AddMonths(3) : QuarterStart(from); t.AddMonths(3) <= last.AddDays(8); t = t.AddMonths(3))
        {
            origins.Add(t);
        }
        return origins;
    }

    /// <summary>Runs the backtest at each origin (in parallel, one model per core); origins with too few test or train issues of each outcome are left out.</summary>
    public static BacktestResult Run(IReadOnlyList<IssueCloseExample> examples, IReadOnlyList<DateTimeOffset> origins, IssueCloseParameters parameters,
        CancellationToken cancellationToken = default)
    {
        var folds = new BacktestFold?[origins.Count];
        Parallel.For(0, origins.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var origin = origins[i];
            var train = examples.Where(e => e.CreatedAt < origin - IssueCloseData.Horizon).ToList();
            var test = examples.Where(e => e.CreatedAt >= origin && e.CreatedAt < origin.AddMonths(3)).ToList();
            if (!BothOutcomes(train, 5) || !BothOutcomes(test, 5))
            {
                return;
            }
            var auc = IssueCloseModel.Train(train, parameters).Evaluate(test)["auc"];
            var baseline = IssueCloseModel.Train(WithoutHistory(train), parameters).Evaluate(WithoutHistory(test))["auc"];
            folds[i] = new BacktestFold(origin, train.Count, test.Count, auc, baseline);
        });
        return new BacktestResult([.. folds.OfType<BacktestFold>()]);
    }

    /// <summary>The examples as the seed saw them: no repository history.</summary>
    public static IReadOnlyList<IssueCloseExample> WithoutHistory(IReadOnlyList<IssueCloseExample> examples) =>
        [.. examples.Select(e => e with { Context = null })];

    private static bool BothOutcomes(IReadOnlyList<IssueCloseExample> examples, int minimum)
    {
        var positives = examples.Count(e => e.ClosedWithin7Days == true);
        return positives >= minimum && examples.Count - positives >= minimum;
    }

    private static DateTimeOffset QuarterStart(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, (utc.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
