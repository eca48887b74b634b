using nietras.SeparatedValues;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>CSV or TSV with a header row, read with Sep (separator detected from the header).</summary>
internal sealed class CsvTableFile : TableFile
{
    private readonly string[] _columns;
    private readonly char _separator;

    public CsvTableFile(string path) : base(path)
    {
        using var reader = Open();
        _columns = reader.Header.ColNames.ToArray();
        _separator = reader.Spec.Sep.Separator;
        if (_columns.Length == 0)
        {
            throw RelearnException.Invalid($"{System.IO.Path.GetFileName(path)} has no header row");
        }
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override IReadOnlyList<string?>[] Sniff(int rows)
    {
        var values = _columns.Select(_ => new List<string?>()).ToArray();
        using var reader = Open();
        foreach (var row in reader)
        {
            if (row.RowIndex > rows)
            {
                break;
            }
            for (var i = 0; i < _columns.Length && i < row.ColCount; i++)
            {
                values[i].Add(row[i].ToString());
            }
        }
        return values;
    }

    public override long ReadInto(ColumnSink[] sinks, CancellationToken cancellationToken)
    {
        if (_separator < 128 && NumericCsvReader.Read(Path, (byte)_separator, sinks, cancellationToken) is { } read)
        {
            return read;
        }
        // A quoted file (or one that is not UTF-8): start over with Sep, which unescapes quotes.
        foreach (var sink in sinks)
        {
            sink.Sample.Clear();
        }
        return ReadWithSep(sinks, cancellationToken);
    }

    private long ReadWithSep(ColumnSink[] sinks, CancellationToken cancellationToken)
    {
        using var reader = Open();
        var numeric = sinks.Select(s => s.Sample.Kind == Drift.ColumnKind.Num).ToArray();
        long rows = 0;
        foreach (var row in reader)
        {
            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (row.ColCount != sinks.Length)
            {
                throw RelearnException.Invalid($"{System.IO.Path.GetFileName(Path)} row {rows} has {row.ColCount} values; the header has {sinks.Length} columns");
            }
            for (var i = 0; i < sinks.Length; i++)
            {
                // Sep's own number parser (csFastFloat) first: most values in a numeric column are numbers.
                if (numeric[i] && row[i].TryParse<double>() is { } number)
                {
                    sinks[i].Add(number);
                }
                else
                {
                    sinks[i].Add(row[i].Span, rows);
                }
            }
        }
        return rows;
    }

    private SepReader Open()
    {
        try
        {
            return Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).FromFile(Path);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw RelearnException.Invalid($"{System.IO.Path.GetFileName(Path)} is not a readable CSV file: {e.Message}", e);
        }
    }
}
