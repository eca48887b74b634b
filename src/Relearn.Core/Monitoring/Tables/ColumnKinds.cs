using System.Globalization;
using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>
/// Decides each column's kind from the reference's first rows: numbers when every present value parses as one
/// (as pandas would give a numeric dtype), otherwise text when values are sentences (three or more words on
/// average, mostly distinct), otherwise categories.
/// </summary>
internal static class ColumnKinds
{
    public const int SniffRows = 1000;

    public static ColumnKind Infer(IReadOnlyList<string?> values)
    {
        var present = values.Where(v => v is not null && !ColumnSink.IsMissing(v)).Select(v => v!).ToArray();
        if (present.Length == 0)
        {
            return ColumnKind.Num;
        }
        if (present.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return ColumnKind.Num;
        }
        var averageWords = present.Average(v => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        var distinctShare = (double)present.Distinct(StringComparer.Ordinal).Count() / present.Length;
        return averageWords >= 3 && distinctShare >= 0.5 ? ColumnKind.Text : ColumnKind.Cat;
    }
}
