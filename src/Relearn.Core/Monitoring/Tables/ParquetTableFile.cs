using System.Globalization;
using Parquet.Serialization;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>
/// Parquet, read with Parquet.Net's untyped deserializer; numeric fields are numbers, the rest strings. Parquet files
/// are read whole (the streaming path is CSV); the benchmark and the prediction log use CSV and the database.
/// </summary>
internal sealed class ParquetTableFile : TableFile
{
    private readonly string[] _columns;
    private readonly IList<Dictionary<string, object>> _rows;

    public ParquetTableFile(string path) : base(path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var result = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
            _columns = result.Schema.GetDataFields().Select(f => f.Name).ToArray();
            _rows = result.Data;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw RelearnException.Invalid($"{System.IO.Path.GetFileName(path)} is not a readable Parquet file: {e.Message}", e);
        }
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override IReadOnlyList<string?>[] Sniff(int rows) =>
        _columns.Select(c => (IReadOnlyList<string?>)_rows.Take(rows).Select(r => Text(r.TryGetValue(c, out var v) ? v : null)).ToList()).ToArray();

    public override long ReadInto(ColumnSink[] sinks, CancellationToken cancellationToken)
    {
        long number = 0;
        foreach (var row in _rows)
        {
            number++;
            for (var i = 0; i < sinks.Length; i++)
            {
                var value = row.TryGetValue(_columns[i], out var v) ? v : null;
                if (value is null)
                {
                    sinks[i].AddMissing();
                }
                else if (sinks[i].Sample.Kind == Drift.ColumnKind.Num && value is double or float or int or long or short or byte or decimal)
                {
                    sinks[i].Add(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                }
                else
                {
                    sinks[i].Add(Text(value), number);
                }
            }
        }
        return number;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
