using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Relearn.Core.Datasets;

/// <summary>
/// Reads labelled text files: tab-separated <c>text&lt;TAB&gt;label</c> (the UCI sentiment format), a TSV with a
/// header naming a text column (<c>text</c>, <c>sentence</c>, <c>sentimenttext</c>) and a label column
/// (<c>label</c>, <c>sentiment</c>), or JSON Lines with <c>text</c> and <c>label</c>. Labels are 0/1 or true/false.
/// Every problem is reported with its file and line, before anything is stored.
/// </summary>
public static class LabelledTextReader
{
    /// <summary>The schema string recorded for these datasets.</summary>
    public const string Schema = "text:string,label:bool";

    /// <summary>Reads and validates one or more files into rows, in file order.</summary>
    public static IReadOnlyList<LabelledText> ReadFiles(IEnumerable<string> paths)
    {
        var rows = new List<LabelledText>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw RelearnException.NotFound($"data file '{path}' does not exist");
            }
            var name = Path.GetFileName(path);
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            rows.AddRange(path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? ReadJsonLines(name, lines)
                : ReadTsv(name, lines));
        }
        return rows;
    }

    /// <summary>Parses JSON Lines text (e.g. an HTTP body or stdin).</summary>
    public static IReadOnlyList<LabelledText> ReadJsonLines(string source, IReadOnlyList<string> lines)
    {
        var rows = new List<LabelledText>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    throw Problem(source, i, "expected an object with a string \"text\" and a \"label\"");
                }
                if (!root.TryGetProperty("label", out var label))
                {
                    throw Problem(source, i, "missing \"label\"");
                }
                var value = label.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when label.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
                    JsonValueKind.String => ParseLabel(label.GetString()!) ?? throw Problem(source, i, $"label '{label.GetString()}' is not 0/1 or true/false"),
                    _ => throw Problem(source, i, "label is not 0/1 or true/false"),
                };
                rows.Add(Row(source, i, text.GetString()!, value));
            }
            catch (JsonException e)
            {
                throw Problem(source, i, $"not valid JSON ({e.Message.Split('.')[0]})");
            }
        }
        return rows;
    }

    private static List<LabelledText> ReadTsv(string source, string[] lines)
    {
        var rows = new List<LabelledText>();
        var first = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        int textColumn = 0, labelColumn = 1, start = 0;
        if (first is not null)
        {
            var header = first.Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToArray();
            var t = Array.FindIndex(header, h => h is "text" or "sentence" or "sentimenttext");
            var l = Array.FindIndex(header, h => h is "label" or "sentiment");
            if (t >= 0 && l >= 0)
            {
                (textColumn, labelColumn, start) = (t, l, Array.IndexOf(lines, first) + 1);
            }
        }
        for (var i = start; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var fields = lines[i].Split('\t');
            if (fields.Length <= Math.Max(textColumn, labelColumn))
            {
                throw Problem(source, i, "expected tab-separated text and label (0 or 1)");
            }
            var label = ParseLabel(fields[labelColumn]) ?? throw Problem(source, i, $"label '{Truncate(fields[labelColumn])}' is not 0/1 or true/false");
            rows.Add(Row(source, i, fields[textColumn], label));
        }
        return rows;
    }

    /// <summary>Checks a whole dataset can train a binary classifier: not empty, both classes present.</summary>
    public static void RequireTrainable(IReadOnlyList<LabelledText> rows)
    {
        if (rows.Count == 0)
        {
            throw RelearnException.Invalid("the dataset is empty: no labelled rows were read");
        }
        var positives = rows.Count(r => r.Label);
        if (positives < 2 || rows.Count - positives < 2)
        {
            throw RelearnException.Invalid($"the dataset needs at least 2 rows of each class to train and evaluate; it has {positives} positive and {rows.Count - positives} negative");
        }
    }

    /// <summary>Canonical bytes (<c>label&lt;TAB&gt;text</c> lines), whose SHA-256 is the dataset's content hash.</summary>
    public static byte[] ToCanonicalBytes(IEnumerable<LabelledText> rows)
    {
        var builder = new StringBuilder();
        foreach (var row in rows)
        {
            builder.Append(row.Label ? '1' : '0').Append('\t').Append(row.Text).Append('\n');
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Parses canonical bytes back into rows.</summary>
    public static IReadOnlyList<LabelledText> FromCanonicalBytes(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => new LabelledText { Label = line[0] == '1', Text = line[2..] })
            .ToList();

    /// <summary>SHA-256 (hex) of the canonical bytes.</summary>
    public static string ContentHash(byte[] canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    private static LabelledText Row(string source, int line, string text, bool label)
    {
        text = text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Trim();
        if (text.Length == 0)
        {
            throw Problem(source, line, "empty text");
        }
        return new LabelledText { Text = text, Label = label };
    }

    private static bool? ParseLabel(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "positive" or "pos" => true,
        "0" or "false" or "negative" or "neg" => false,
        _ => null,
    };

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static RelearnException Problem(string source, int line, string what) =>
        RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"{source} line {line + 1}: {what}"));
}
