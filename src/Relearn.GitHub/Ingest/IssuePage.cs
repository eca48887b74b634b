using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Relearn.Core;

namespace Relearn.GitHub.Ingest;

/// <summary>One usable issue of a page: its number, when it was last updated, and its JSON re-serialized compactly.</summary>
internal sealed record IssueRow(long Number, DateTimeOffset UpdatedAt, byte[] Json);

/// <summary>
/// The issues of one page of <c>GET /repos/{owner}/{name}/issues</c>, checked: a page that is not a JSON array
/// is refused whole; an item missing <c>number</c>, <c>title</c>, <c>created_at</c> or <c>updated_at</c> is skipped
/// and reported. Fetching and the silver build both read pages through here, so they always agree.
/// </summary>
internal sealed record IssuePage(IReadOnlyList<IssueRow> Issues, IReadOnlyList<SkippedIssue> Skipped)
{
    /// <summary>Compact, and UTF-8 text stays as GitHub sent it instead of becoming \u escapes.</summary>
    private static readonly JsonWriterOptions RowFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The newest <c>updated_at</c> on the page, or null when it has no usable issue.</summary>
    public DateTimeOffset? MaxUpdatedAt => Issues.Count == 0 ? null : Issues.Max(i => i.UpdatedAt);

    /// <summary>Checks and splits a page body; throws <see cref="RelearnErrorKind.InvalidInput"/> naming <paramref name="url"/> when it is not a JSON array.</summary>
    public static IssuePage Parse(ReadOnlyMemory<byte> body, string url)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"the page {url} is not a JSON array of issues (invalid JSON at byte {e.BytePositionInLine})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw RelearnException.Invalid($"the page {url} is not a JSON array of issues (it is a JSON {root.ValueKind.ToString().ToLowerInvariant()})");
            }
            var issues = new List<IssueRow>();
            var skipped = new List<SkippedIssue>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                if (Read(item) is { } row)
                {
                    issues.Add(row);
                }
                else
                {
                    skipped.Add(new SkippedIssue(url, index, Number(item), Problem(item)));
                }
                index++;
            }
            return new IssuePage(issues, skipped);
        }
    }

    private static IssueRow? Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || Number(item) is not { } number || !HasString(item, "title") ||
            Time(item, "created_at") is null || Time(item, "updated_at") is not { } updatedAt)
        {
            return null;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RowFormat))
        {
            item.WriteTo(writer);
        }
        return new IssueRow(number, updatedAt, buffer.WrittenSpan.ToArray());
    }

    private static string Problem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return $"not a JSON object (a JSON {item.ValueKind.ToString().ToLowerInvariant()})";
        }
        var missing = new List<string>();
        if (Number(item) is null)
        {
            missing.Add("number");
        }
        if (!HasString(item, "title"))
        {
            missing.Add("title");
        }
        if (Time(item, "created_at") is null)
        {
            missing.Add("created_at");
        }
        if (Time(item, "updated_at") is null)
        {
            missing.Add("updated_at");
        }
        return $"missing or invalid {string.Join(", ", missing)}";
    }

    private static long? Number(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("number", out var number) &&
        number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out var value) && value > 0 ? value : null;

    private static bool HasString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;

    private static DateTimeOffset? Time(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
