using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Tables;
using Relearn.Core.Monitoring.TextDrift;

namespace Relearn.Core.Monitoring.Profiles;

/// <summary>
/// Builds column profiles from rows in one pass: kinds from the first rows (as the file drift check decides them),
/// counts and summaries over every row, and a reservoir sample (Algorithm R, fixed seed) bounded by
/// <see cref="MaxSample"/> so a profile stays small whatever the data's size.
/// </summary>
public sealed class ReferenceProfileBuilder
{
    /// <summary>Most values kept per column for the drift tests.</summary>
    public const int MaxSample = 5000;

    /// <summary>Longest text kept in a sample, in characters.</summary>
    public const int MaxTextLength = 2000;

    private const int TopCategories = 50;
    private const int TopWords = 100;

    /// <summary>Profiles the rows; a column's kind comes from its first <see cref="ColumnKinds.SniffRows"/> values.</summary>
    public static IReadOnlyList<ColumnProfile> Build(IEnumerable<Dictionary<string, object?>> rows, IReadOnlyDictionary<string, ColumnKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(20260905);
        var buffered = new List<Dictionary<string, object?>>(ColumnKinds.SniffRows);
        var reservoir = new List<Dictionary<string, object?>>();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var present = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var row in rows)
        {
            total++;
            foreach (var (name, value) in row)
            {
                if (seen.Add(name))
                {
                    columns.Add(name);
                }
                if (!IsMissing(value))
                {
                    present[name] = present.GetValueOrDefault(name) + 1;
                }
            }
            if (reservoir.Count < MaxSample)
            {
                reservoir.Add(row);
            }
            else
            {
                var j = random.NextInt64(total);
                if (j < MaxSample)
                {
                    reservoir[(int)j] = row;
                }
            }
            if (buffered.Count < ColumnKinds.SniffRows)
            {
                buffered.Add(row);
            }
        }
        return columns.Select(name =>
        {
            var kind = kinds is not null && kinds.TryGetValue(name, out var k) ? k
                : ColumnKinds.Infer(buffered.Select(r => ProfileRows.Text(r.GetValueOrDefault(name))).ToList());
            var count = present.GetValueOrDefault(name);
            return Column(name, kind, count, total - count, total, reservoir.Select(r => r.GetValueOrDefault(name)));
        }).ToList();
    }

    private static ColumnProfile Column(string name, ColumnKind kind, long count, long missing, long rows, IEnumerable<object?> sample)
    {
        var values = sample.Where(v => !IsMissing(v)).ToList();
        if (kind == ColumnKind.Num)
        {
            var numbers = values.Select(v => v is double d ? d : double.Parse(v!.ToString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return new ColumnProfile
            {
                Name = name, Kind = kind, Count = count, Missing = missing, Rows = rows,
                Numbers = numbers, Quantiles = Quantiles(numbers),
            };
        }
        var strings = values.Select(v => ProfileRows.Text(v)!).ToArray();
        if (kind == ColumnKind.Cat)
        {
            return new ColumnProfile
            {
                Name = name, Kind = kind, Count = count, Missing = missing, Rows = rows, Values = strings,
                Shares = Top(strings, TopCategories),
            };
        }
        return new ColumnProfile
        {
            Name = name, Kind = kind, Count = count, Missing = missing, Rows = rows,
            Values = strings.Select(s => s.Length > MaxTextLength ? s[..MaxTextLength] : s).ToArray(),
            LengthQuantiles = Quantiles(strings.Select(s => (double)s.Length).ToArray()),
            Vocabulary = Top(strings.SelectMany(Tokenizer.Words), TopWords),
        };
    }

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        double d => !double.IsFinite(d),
        string s => ColumnSink.IsMissing(s),
        _ => false,
    };

    private static double[] Quantiles(double[] values)
    {
        if (values.Length == 0)
        {
            return [];
        }
        var sorted = values.Order().ToArray();
        return Enumerable.Range(0, 21).Select(i =>
        {
            // Linear interpolation between closest ranks, numpy's default.
            var position = i / 20.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
        }).ToArray();
    }

    private static Dictionary<string, double> Top(IEnumerable<string> values, int top)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
            total++;
        }
        return counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top)
            .ToDictionary(p => p.Key, p => (double)p.Value / total, StringComparer.Ordinal);
    }
}
