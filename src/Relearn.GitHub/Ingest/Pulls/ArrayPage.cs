using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Relearn.Core;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>A page of a GitHub list endpoint (pulls, files, review comments): a JSON array of objects, checked.</summary>
internal static class ArrayPage
{
    /// <summary>Compact, and UTF-8 text stays as GitHub sent it instead of becoming \u escapes.</summary>
    private static readonly JsonWriterOptions RowFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The page's items; a body that is not a JSON array is an invalid-input error naming <paramref name="url"/>.</summary>
    public static IReadOnlyList<JsonElement> Parse(ReadOnlyMemory<byte> body, string url, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw RelearnException.Invalid($"the page {url} is not a JSON array of {what} (it is a JSON {root.ValueKind.ToString().ToLowerInvariant()})");
            }
            return [.. root.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"the page {url} is not a JSON array of {what} (invalid JSON at byte {e.BytePositionInLine})", e);
        }
    }

    /// <summary>An item as compact JSON bytes.</summary>
    public static byte[] Compact(JsonElement item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RowFormat))
        {
            item.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A string property, or null.</summary>
    public static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A whole-number property, or null.</summary>
    public static long? Number(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
