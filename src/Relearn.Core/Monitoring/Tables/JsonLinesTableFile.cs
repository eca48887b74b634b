using System.Globalization;
using System.Text.Json;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>JSON Lines: one object per line; the columns are the keys of the first rows, in first-seen order.</summary>
internal sealed class JsonLinesTableFile : TableFile
{
    private readonly string[] _columns;

    public JsonLinesTableFile(string path) : base(path)
    {
        var seen = new List<string>();
        foreach (var (row, _) in Rows().Take(ColumnKinds.SniffRows))
        {
            foreach (var property in row.EnumerateObject())
            {
                if (!seen.Contains(property.Name))
                {
                    seen.Add(property.Name);
                }
            }
        }
        _columns = [.. seen];
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override IReadOnlyList<string?>[] Sniff(int rows)
    {
        var values = _columns.Select(_ => new List<string?>()).ToArray();
        foreach (var (row, _) in Rows().Take(rows))
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                values[i].Add(row.TryGetProperty(_columns[i], out var v) ? Text(v) : null);
            }
        }
        return values;
    }

    public override long ReadInto(ColumnSink[] sinks, CancellationToken cancellationToken)
    {
        long count = 0;
        var index = _columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var seen = new bool[sinks.Length];
        foreach (var (row, number) in Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            count++;
            Array.Clear(seen);
            foreach (var property in row.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var i))
                {
                    throw RelearnException.Invalid($"{System.IO.Path.GetFileName(Path)} row {number} has column '{property.Name}', which the first rows do not have");
                }
                seen[i] = true;
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Number && sinks[i].Sample.Kind == Drift.ColumnKind.Num)
                {
                    sinks[i].Add(value.GetDouble());
                }
                else if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    sinks[i].AddMissing();
                }
                else
                {
                    sinks[i].Add(Text(value), number);
                }
            }
            for (var i = 0; i < seen.Length; i++)
            {
                if (!seen[i])
                {
                    sinks[i].AddMissing();
                }
            }
        }
        return count;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private IEnumerable<(JsonElement Row, long Number)> Rows()
    {
        using var reader = new StreamReader(Path);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonElement row;
            try
            {
                using var document = JsonDocument.Parse(line);
                row = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw RelearnException.Invalid($"{System.IO.Path.GetFileName(Path)} line {number} is not JSON: {e.Message}", e);
            }
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw RelearnException.Invalid($"{System.IO.Path.GetFileName(Path)} line {number} is not a JSON object");
            }
            yield return (row, number);
        }
    }
}
