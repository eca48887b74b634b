using Relearn.Core.Monitoring.Statistics;

namespace Relearn.Core.Monitoring.Drift;

public static partial class DriftAnalyzer
{
    private static ColumnDrift CompareCategories(IReadOnlyList<string> reference, IReadOnlyList<string> current, long referenceRows, StatTest? test, double? threshold)
    {
        var counts = ValueCounts.Of(reference, current);
        test ??= StatTest.Default(ColumnKind.Cat, referenceRows, counts.Labels.Length);
        TestResult result;
        if (test == StatTest.Hellinger)
        {
            var (r, c) = BinnedShares.FromCounts(counts.Reference, counts.Current, reference.Count, current.Count, fillZeroes: false);
            result = new TestResult(Statistics.Hellinger.FromShares(r, c), null);
        }
        else if (test == StatTest.JensenShannon || test == StatTest.Psi || test == StatTest.KlDiv)
        {
            var (r, c) = BinnedShares.FromCounts(counts.Reference, counts.Current, reference.Count, current.Count, fillZeroes: test != StatTest.JensenShannon);
            result = new TestResult(Divergence(test, r, c), null);
        }
        else
        {
            result = TestCounts(test, counts);
        }
        return Verdict(test, result, threshold, CategoryPicture(counts, reference.Count, current.Count));
    }
}
