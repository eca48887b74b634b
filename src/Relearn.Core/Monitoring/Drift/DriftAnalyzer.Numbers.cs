using Relearn.Core.Monitoring.Statistics;

namespace Relearn.Core.Monitoring.Drift;

public static partial class DriftAnalyzer
{
    private static ColumnDrift CompareNumbers(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, long referenceRows, StatTest? test, double? threshold)
    {
        // Evidently counts distinct values of both samples together (pandas nunique, NaN excluded).
        test ??= StatTest.Default(ColumnKind.Num, referenceRows, ValueCounts.DistinctUpTo(reference, current, 6));
        TestResult result;
        if (test == StatTest.Ks)
        {
            result = KolmogorovSmirnov.TestSorted(reference, current);
        }
        else if (test == StatTest.Wasserstein)
        {
            result = new TestResult(Wasserstein.NormedDistance(reference, current), null);
        }
        else if (test == StatTest.Hellinger)
        {
            result = new TestResult(Statistics.Hellinger.Numeric(reference, current), null);
        }
        else if (test == StatTest.JensenShannon || test == StatTest.Psi || test == StatTest.KlDiv)
        {
            var (r, c) = SharesOfNumbers(reference, current, fillZeroes: test != StatTest.JensenShannon);
            result = new TestResult(Divergence(test, r, c), null);
        }
        else
        {
            result = TestCounts(test, ValueCounts.Of(reference, current));
        }
        return Verdict(test, result, threshold, NumberPicture(reference, current));
    }

    /// <summary>Evidently's <c>get_binned_data</c> for numbers: Sturges bins over more than 20 distinct reference values, else one bin per value.</summary>
    private static (double[] Reference, double[] Current) SharesOfNumbers(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, bool fillZeroes)
    {
        if (ValueCounts.DistinctUpTo(reference, [], 21) > 20)
        {
            return BinnedShares.Numeric(reference, current, fillZeroes);
        }
        var counts = ValueCounts.Of(reference, current);
        return BinnedShares.FromCounts(counts.Reference, counts.Current, reference.Length, current.Length, fillZeroes);
    }

    private static double Divergence(StatTest test, double[] reference, double[] current) =>
        test == StatTest.JensenShannon ? Divergences.JensenShannon(reference, current, logBase: 2)
        : test == StatTest.Psi ? Divergences.PopulationStability(reference, current)
        : Divergences.KullbackLeibler(reference, current);

    /// <summary>The tests on value counts: chi-square and the proportions Z-test.</summary>
    private static TestResult TestCounts(StatTest test, ValueCounts counts)
    {
        if (test == StatTest.ChiSquare)
        {
            return ChiSquare.TestCounts(counts.Reference, counts.Current);
        }
        // Z-test: the first value in sorted order is "0", every other value "1".
        long referenceTotal = counts.Reference.Sum(), currentTotal = counts.Current.Sum();
        var single = counts.Labels.Length == 1;
        return ProportionsZTest.Test(referenceTotal - counts.Reference[0], referenceTotal, currentTotal - counts.Current[0], currentTotal, single);
    }
}
