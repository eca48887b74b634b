namespace Relearn.Core.Monitoring.Drift;

/// <summary>Counts per distinct value of a reference and a current sample, aligned on the union of their values.</summary>
internal sealed record ValueCounts(string[] Labels, long[] Reference, long[] Current, int ReferenceDistinct)
{
    /// <summary>Counts of two sorted numeric samples, in ascending value order.</summary>
    public static ValueCounts Of(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var labels = new List<string>();
        var reference = new List<long>();
        var current = new List<long>();
        int i = 0, j = 0, referenceDistinct = 0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var x = i < sortedReference.Length && (j >= sortedCurrent.Length || sortedReference[i] <= sortedCurrent[j]) ? sortedReference[i] : sortedCurrent[j];
            long r = 0, c = 0;
            while (i < sortedReference.Length && sortedReference[i] == x)
            {
                i++;
                r++;
            }
            while (j < sortedCurrent.Length && sortedCurrent[j] == x)
            {
                j++;
                c++;
            }
            labels.Add(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            reference.Add(r);
            current.Add(c);
            if (r > 0)
            {
                referenceDistinct++;
            }
        }
        return new ValueCounts([.. labels], [.. reference], [.. current], referenceDistinct);
    }

    /// <summary>Counts of two category samples, in ordinal order of the values (the order Python sorts strings in).</summary>
    public static ValueCounts Of(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        var counts = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
        foreach (var v in reference)
        {
            var c = counts.GetValueOrDefault(v);
            counts[v] = (c.Reference + 1, c.Current);
        }
        foreach (var v in current)
        {
            var c = counts.GetValueOrDefault(v);
            counts[v] = (c.Reference, c.Current + 1);
        }
        var keys = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        return new ValueCounts(keys, keys.Select(k => counts[k].Reference).ToArray(), keys.Select(k => counts[k].Current).ToArray(), counts.Values.Count(c => c.Reference > 0));
    }

    /// <summary>Distinct values of two sorted samples together, counting no further than <paramref name="limit"/>.</summary>
    public static int DistinctUpTo(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int limit)
    {
        int i = 0, j = 0, distinct = 0;
        while ((i < a.Length || j < b.Length) && distinct < limit)
        {
            var x = i < a.Length && (j >= b.Length || a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == x)
            {
                i++;
            }
            while (j < b.Length && b[j] == x)
            {
                j++;
            }
            distinct++;
        }
        return distinct;
    }
}
