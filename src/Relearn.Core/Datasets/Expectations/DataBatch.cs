using Relearn.Core.Datasets.Validation;
using Relearn.Core.Monitoring.Tables;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// The table a suite is checked against (GE calls it a batch): column names in order and each column's values by row,
/// null where a value is missing. CSV/TSV and Parquet are read with the monitoring table readers (CSV cells pandas'
/// <c>read_csv</c> reads as missing — empty, <c>NA</c>, <c>null</c>, … — are missing here too); JSON Lines / JSON (gzip
/// allowed) keep each object's top-level fields, JSON null missing; other files are labelled text (<c>text</c>,
/// <c>label</c>), as training reads them.
/// </summary>
public sealed class DataBatch
{
    private readonly Dictionary<string, ColumnData> _columns;

    private DataBatch(string name, IReadOnlyList<string> columns, IReadOnlyList<string?[]> values, int rows)
    {
        Name = name;
        Columns = columns;
        RowCount = rows;
        _columns = columns.Select((c, i) => new ColumnData(c, values[i])).ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>What was read (file names or a dataset id).</summary>
    public string Name { get; }

    /// <summary>Column names in order of first appearance.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows read.</summary>
    public int RowCount { get; }

    /// <summary>A column, or null when the data has none of that name.</summary>
    public ColumnData? Column(string name) => _columns.GetValueOrDefault(name);

    /// <summary>Reads one data file by its extension.</summary>
    public static DataBatch Read(string path) => Read([path], Path.GetFileName(path));

    /// <summary>Reads data files (of one kind and one set of columns) as one batch.</summary>
    public static DataBatch Read(IReadOnlyList<string> files, string name)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw RelearnException.NotFound($"no such data file: {file}");
            }
        }
        var tables = files.Where(IsTable).ToList();
        if (tables.Count == 0)
        {
            return FromRows(name, DataRows.Read(files));
        }
        if (tables.Count != files.Count || tables.Count > 1)
        {
            throw RelearnException.Invalid($"validate one CSV/TSV/Parquet file at a time ({string.Join(", ", files.Select(Path.GetFileName))})");
        }
        return FromTable(name, tables[0]);
    }

    /// <summary>A batch from rows of fields (null or absent = missing).</summary>
    public static DataBatch FromRows(string name, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in rows.SelectMany(r => r.Keys))
        {
            if (seen.Add(key))
            {
                columns.Add(key);
            }
        }
        var values = columns.Select(c => rows.Select(r => r.GetValueOrDefault(c)).ToArray()).ToList();
        return new DataBatch(name, columns, values, rows.Count);
    }

    private static bool IsTable(string file) => Path.GetExtension(file).ToLowerInvariant() is ".csv" or ".tsv" or ".parquet";

    private static DataBatch FromTable(string name, string path)
    {
        var table = TableFile.Open(path);
        var csv = table is CsvTableFile;
        var raw = table.Sniff(int.MaxValue);
        var rows = raw.Length == 0 ? 0 : raw.Max(c => c.Count);
        if (raw.Any(c => c.Count != rows))
        {
            throw RelearnException.Invalid($"{Path.GetFileName(path)}: some rows have fewer values than the header has columns");
        }
        var values = raw.Select(c => c.Select(v => v is null || csv && ColumnSink.IsMissing(v) ? null : v).ToArray()).ToList();
        return new DataBatch(name, table.Columns, values, rows);
    }
}
