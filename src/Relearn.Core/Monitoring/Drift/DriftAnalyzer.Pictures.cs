using System.Globalization;
using Relearn.Core.Monitoring.Statistics;
using Relearn.Core.Monitoring.TextDrift;

namespace Relearn.Core.Monitoring.Drift;

public static partial class DriftAnalyzer
{
    private const int MaxCategoriesDrawn = 20;

    /// <summary>Shares per Sturges bin over both samples (capped at 40 bins so a chart stays readable), or per value when there are few.</summary>
    private static ColumnPicture NumberPicture(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (ValueCounts.DistinctUpTo(reference, current, MaxCategoriesDrawn + 1) <= MaxCategoriesDrawn)
        {
            var counts = ValueCounts.Of(reference, current);
            return Shares(counts.Labels, counts.Reference, counts.Current, reference.Length, current.Length);
        }
        var min = Math.Min(reference[0], current[0]);
        var max = Math.Max(reference[^1], current[^1]);
        var edges = Histogram.SturgesEdges(min, max, Math.Min((long)reference.Length + current.Length, 1L << 40));
        if (edges.Length > 41)
        {
            edges = Histogram.Linspace(min, max, 41);
        }
        var labels = Enumerable.Range(0, edges.Length - 1).Select(i => Format(edges[i]) + "–" + Format(edges[i + 1])).ToArray();
        return Shares(labels, Histogram.Counts(reference, edges), Histogram.Counts(current, edges), reference.Length, current.Length);
    }

    /// <summary>Shares of the most frequent categories; the rest folded into "(other)".</summary>
    private static ColumnPicture CategoryPicture(ValueCounts counts, long referenceTotal, long currentTotal)
    {
        var order = Enumerable.Range(0, counts.Labels.Length).OrderByDescending(i => counts.Reference[i] + counts.Current[i]).ToArray();
        var shown = order.Take(MaxCategoriesDrawn).ToList();
        var labels = shown.Select(i => counts.Labels[i]).ToList();
        var reference = shown.Select(i => counts.Reference[i]).ToList();
        var current = shown.Select(i => counts.Current[i]).ToList();
        if (order.Length > MaxCategoriesDrawn)
        {
            labels.Add("(other)");
            reference.Add(order.Skip(MaxCategoriesDrawn).Sum(i => counts.Reference[i]));
            current.Add(order.Skip(MaxCategoriesDrawn).Sum(i => counts.Current[i]));
        }
        return Shares([.. labels], [.. reference], [.. current], referenceTotal, currentTotal);
    }

    private static ColumnPicture TextPicture(IReadOnlyList<string> reference, IReadOnlyList<string> current, TextDriftResult result)
    {
        // Text length in words, as shares per bin, beside the words that separate the two samples.
        var lengths = NumberPicture(
            reference.Select(t => (double)Tokenizer.Words(t).Count()).Order().ToArray(),
            current.Select(t => (double)Tokenizer.Words(t).Count()).Order().ToArray());
        return lengths with
        {
            CurrentWords = result.CurrentWords,
            ReferenceWords = result.ReferenceWords,
            OutOfVocabularyShare = result.OutOfVocabularyShare,
        };
    }

    private static ColumnPicture Shares(IReadOnlyList<string> labels, IReadOnlyList<long> reference, IReadOnlyList<long> current, long referenceTotal, long currentTotal) => new()
    {
        Labels = labels,
        Reference = reference.Select(c => (double)c / Math.Max(1, referenceTotal)).ToArray(),
        Current = current.Select(c => (double)c / Math.Max(1, currentTotal)).ToArray(),
    };

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
