namespace Relearn.Core.Monitoring.Tables;

/// <summary>A table read column by column in one streaming pass: CSV/TSV (Sep), JSON Lines, or Parquet.</summary>
internal abstract class TableFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The column names in file order.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The first rows' raw values per column (null where a row lacks the column), for deciding kinds.</summary>
    public abstract IReadOnlyList<string?>[] Sniff(int rows);

    /// <summary>Streams every row into the sinks (one per column, in <see cref="Columns"/> order); returns the row count.</summary>
    public abstract long ReadInto(ColumnSink[] sinks, CancellationToken cancellationToken);

    /// <summary>Opens a file by its extension: <c>.csv</c>, <c>.tsv</c>, <c>.parquet</c>, else JSON Lines.</summary>
    public static TableFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"no such file: {path}");
        }
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" or ".tsv" or ".txt" => new CsvTableFile(path),
            ".parquet" => new ParquetTableFile(path),
            _ => new JsonLinesTableFile(path),
        };
    }
}
