using System.Text.Json;

namespace Relearn.Core.Datasets.Validation;

/// <summary>
/// Rows as top-level fields, for data checks: JSON Lines / JSON files (gzip allowed) give each object's fields;
/// other files are labelled text (<c>text</c>, <c>label</c> 0/1) read as training reads them.
/// </summary>
public static class DataRows
{
    /// <summary>Every row of every file; a field's value is its string, or the raw JSON of a number or boolean, or null.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string?>> Read(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rows = new List<IReadOnlyDictionary<string, string?>>();
        foreach (var file in files)
        {
            var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
            if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                rows.AddRange(ReadJson(file));
            }
            else
            {
                rows.AddRange(LabelledTextReader.ReadFiles([file]).Select(r => new Dictionary<string, string?> { ["text"] = r.Text, ["label"] = r.Label ? "1" : "0" }));
            }
        }
        return rows;
    }

    private static IEnumerable<IReadOnlyDictionary<string, string?>> ReadJson(string file)
    {
        var lines = TextFiles.ReadLines(file);
        var whole = lines.Count > 0 && lines[0].TrimStart().StartsWith('[');
        var texts = whole ? [string.Join('\n', lines)] : lines;
        for (var i = 0; i < texts.Count; i++)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(texts[i]);
            }
            catch (JsonException e)
            {
                throw RelearnException.Invalid($"{Path.GetFileName(file)} line {i + 1} is not valid JSON: {e.Message}");
            }
            using (document)
            {
                var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
                foreach (var item in items)
                {
                    yield return item.ValueKind == JsonValueKind.Object
                        ? item.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal)
                        : throw RelearnException.Invalid($"{Path.GetFileName(file)} line {i + 1} is not a JSON object");
                }
            }
        }
    }

    private static string? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
