using System.Globalization;
using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>Takes one column's raw values while a file is read: parses numbers, counts missing values, names bad ones.</summary>
internal sealed class ColumnSink(string file, ColumnSample sample)
{
    /// <summary>The values pandas' <c>read_csv</c> reads as missing by default; Evidently then drops them.</summary>
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
        "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MissingLookup = MissingMarkers.GetAlternateLookup<ReadOnlySpan<char>>();

    public ColumnSample Sample { get; } = sample;

    public void Add(ReadOnlySpan<char> raw, long row)
    {
        if (Sample.Kind == ColumnKind.Num)
        {
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                Sample.Add(number);
            }
            else if (IsMissing(raw.Trim()))
            {
                Sample.AddMissing();
            }
            else
            {
                throw NotANumber(raw.ToString(), row);
            }
        }
        else if (IsMissing(raw))
        {
            Sample.AddMissing();
        }
        else
        {
            Sample.Add(raw.ToString());
        }
    }

    public void Add(double number) => Sample.Add(number);

    public void AddMissing() => Sample.AddMissing();

    public RelearnException NotANumber(string raw, long row)
    {
        var shown = raw.Length > 40 ? raw[..40] + "…" : raw;
        return RelearnException.Invalid($"{Path.GetFileName(file)} row {row}, column '{Sample.Name}': '{shown}' is not a number (the reference's values are numbers)");
    }

    public static bool IsMissing(ReadOnlySpan<char> raw) => MissingLookup.Contains(raw);
}
