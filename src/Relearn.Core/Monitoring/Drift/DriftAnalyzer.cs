using Relearn.Core.Monitoring.Statistics;
using Relearn.Core.Monitoring.TextDrift;

namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// Tests every column of a current sample against its reference with the test Evidently would pick (or the one
/// asked for), and decides dataset drift from the share of drifted columns. Columns run in parallel.
/// </summary>
public static partial class DriftAnalyzer
{
    /// <summary>The verdict when a side has no values to compare.</summary>
    public const string NotEnoughData = "not enough data";

    /// <summary>Compares sealed column samples pairwise (same names, same order).</summary>
    public static DriftReport Compare(IReadOnlyList<ColumnSample> reference, IReadOnlyList<ColumnSample> current, long referenceRows, long currentRows, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        options.Validate(reference.ToDictionary(c => c.Name, c => c.Kind));
        var columns = new ColumnDrift[reference.Count];
        Parallel.For(0, reference.Count, i => columns[i] = CompareColumn(reference[i], current[i], referenceRows, options));
        return Summarize(columns, referenceRows, currentRows, options);
    }

    /// <summary>
    /// The dataset verdict over tested columns: the drifted share against <see cref="DriftOptions.DriftShare"/>, and
    /// "not enough data" when any column could not be tested (or there are none).
    /// </summary>
    internal static DriftReport Summarize(ColumnDrift[] columns, long referenceRows, long currentRows, DriftOptions options)
    {
        var tested = columns.Where(c => c.Statistic is not null).ToArray();
        var drifted = tested.Count(c => c.Drift);
        var share = tested.Length == 0 ? 0 : (double)drifted / tested.Length;
        return new DriftReport
        {
            DatasetDrift = tested.Length > 0 && share >= options.DriftShare,
            DriftedColumns = drifted,
            Share = share,
            Columns = columns,
            Verdict = tested.Length < columns.Length || columns.Length == 0 ? NotEnoughData : null,
            ReferenceRows = referenceRows,
            CurrentRows = currentRows,
            DriftShareThreshold = options.DriftShare,
        };
    }

    private static ColumnDrift CompareColumn(ColumnSample reference, ColumnSample current, long referenceRows, DriftOptions options)
    {
        var test = options.StatTests.TryGetValue(reference.Name, out var named) ? StatTest.All[named] : null;
        var threshold = options.Thresholds.TryGetValue(reference.Name, out var t) ? t : options.Threshold;
        if (reference.Count < Math.Max(1, options.MinimumRows) || current.Count < Math.Max(1, options.MinimumRows))
        {
            test ??= StatTest.Default(reference.Kind, referenceRows, 0);
            return new ColumnDrift
            {
                Column = reference.Name, Type = reference.Kind, Test = test.Name, Statistic = null, PValue = null,
                Threshold = threshold ?? test.DefaultThreshold, Drift = false,
                ReferenceMissing = reference.Missing, CurrentMissing = current.Missing, ReferenceCount = reference.Count, CurrentCount = current.Count,
            };
        }
        var outcome = reference.Kind switch
        {
            ColumnKind.Num => CompareNumbers(reference.Numbers, current.Numbers, referenceRows, test, threshold),
            ColumnKind.Cat => CompareCategories(reference.Strings, current.Strings, referenceRows, test, threshold),
            _ => CompareText(reference.Strings, current.Strings, referenceRows, test, threshold),
        };
        return outcome with
        {
            Column = reference.Name,
            Type = reference.Kind,
            ReferenceMissing = reference.Missing,
            CurrentMissing = current.Missing,
            ReferenceCount = reference.Count,
            CurrentCount = current.Count,
        };
    }

    private static ColumnDrift Verdict(StatTest test, TestResult result, double? threshold, ColumnPicture picture)
    {
        var applied = threshold ?? test.DefaultThreshold;
        var score = result.PValue ?? result.Statistic;
        return new ColumnDrift
        {
            Column = "", Type = ColumnKind.Num, Test = test.Name,
            Statistic = result.Statistic, PValue = result.PValue, Threshold = applied,
            Drift = test.Drifted(score, applied), Picture = picture,
        };
    }

    private static ColumnDrift CompareText(IReadOnlyList<string> reference, IReadOnlyList<string> current, long referenceRows, StatTest? test, double? threshold)
    {
        test ??= StatTest.Default(ColumnKind.Text, referenceRows, 0);
        var rows = test == StatTest.AbsTextContent ? Math.Max(referenceRows, 1001) : Math.Min(referenceRows, 1000);
        var result = DomainClassifier.Compare(reference, current, rows, threshold);
        return new ColumnDrift
        {
            Column = "", Type = ColumnKind.Text, Test = test.Name,
            Statistic = result.Auc, PValue = null, Threshold = result.Threshold, Drift = result.Auc > result.Threshold,
            Picture = TextPicture(reference, current, result),
        };
    }
}
