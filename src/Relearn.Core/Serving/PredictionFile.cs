using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Relearn.Core.Storage;

namespace Relearn.Core.Serving;

/// <summary>
/// Writes prediction rows as Parquet (<c>.parquet</c>), CSV (<c>.csv</c>) or JSON Lines (anything else). Columns
/// are the rows' top-level fields; a column is an integer, a number, a boolean or a string by its values.
/// The file appears whole or not at all (temp file + rename).
/// </summary>
public static class PredictionFile
{
    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> in the format its extension names.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                await WriteParquetAsync(stream, rows, token);
            }
            else
            {
                var text = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Csv(rows) : JsonLines(rows);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text), token);
            }
        }, cancellationToken);
    }

    /// <summary>The rows as JSON Lines.</summary>
    public static string JsonLines(IEnumerable<JsonObject> rows) => string.Concat(rows.Select(r => r.ToJsonString() + "\n"));

    private static List<string> Columns(IReadOnlyList<JsonObject> rows) =>
        rows.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();

    private static string Csv(IReadOnlyList<JsonObject> rows)
    {
        var columns = Columns(rows);
        var csv = new StringBuilder(string.Join(',', columns.Select(Quote))).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(string.Join(',', columns.Select(c => row[c] switch
            {
                null => "",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
                var v => Quote(v.ToJsonString()),
            }))).Append('\n');
        }
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static async Task WriteParquetAsync(Stream stream, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        var columns = Columns(rows).Select(name => Column.Infer(name, rows)).ToList();
        var schema = new ParquetSchema(columns.Select(c => c.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken);
        using var group = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.WriteAsync(group, rows);
        }
    }

    private sealed record Column(string Name, JsonValueKind Kind, bool Integral)
    {
        // One instance: Parquet.Net writes a column only through the field object its schema was built from.
        public DataField Field { get; } = Kind switch
        {
            JsonValueKind.Number when Integral => new DataField<long?>(Name),
            JsonValueKind.Number => new DataField<double?>(Name),
            JsonValueKind.True => new DataField<bool?>(Name),
            _ => new DataField<string>(Name, nullable: true),
        };

        public static Column Infer(string name, IReadOnlyList<JsonObject> rows)
        {
            var kinds = rows.Select(r => r[name]?.GetValueKind()).Where(k => k is not null and not JsonValueKind.Null).Select(k => k!.Value).Distinct().ToList();
            var kind = kinds.All(k => k == JsonValueKind.Number) && kinds.Count > 0 ? JsonValueKind.Number
                : kinds.All(k => k is JsonValueKind.True or JsonValueKind.False) && kinds.Count > 0 ? JsonValueKind.True
                : JsonValueKind.String;
            var integral = kind == JsonValueKind.Number && rows.All(r => r[name] is null || r[name]!.GetValueKind() == JsonValueKind.Null || long.TryParse(r[name]!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
            return new Column(name, kind, integral);
        }

        public Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<JsonObject> rows)
        {
            var field = Field;
            var values = rows.Select(r => r[Name] is JsonValue v && v.GetValueKind() != JsonValueKind.Null ? v : null).ToList();
            return Kind switch
            {
                JsonValueKind.Number when Integral => group.WriteAsync<long>(field, values.Select(v => v is null ? (long?)null : long.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)).ToArray().AsMemory(), null),
                JsonValueKind.Number => group.WriteAsync<double>(field, values.Select(v => v is null ? (double?)null : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)).ToArray().AsMemory(), null),
                JsonValueKind.True => group.WriteAsync<bool>(field, values.Select(v => v is null ? (bool?)null : v.GetValueKind() == JsonValueKind.True).ToArray().AsMemory(), null),
                _ => group.WriteAsync(field, values.Select(v => v is null ? null : v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()).ToArray()),
            };
        }
    }
}
