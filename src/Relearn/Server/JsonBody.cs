using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Relearn.Core;

namespace Relearn.Server;

/// <summary>
/// The one reader of JSON request bodies, for <c>/api/v1</c> and the MLflow API alike: under a size limit, and
/// refusing as invalid input (400) what System.Text.Json would otherwise accept and fail on later — repeated keys,
/// bytes that are not UTF-8, escaped lone surrogates (<c>"\ud800"</c>) and nesting deeper than <see cref="MaxDepth"/>.
/// </summary>
internal static class JsonBody
{
    /// <summary>Deepest nesting accepted; no Relearn or MLflow request nests more than a few levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>How every request body is parsed.</summary>
    public static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>Reads a JSON body sent with <c>Content-Type: application/json</c>.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException(request.ContentType);
        }
        var bytes = await ReadBytesAsync(request, limit, cancellationToken);
        if (bytes.Length == 0)
        {
            throw RelearnException.Invalid("the request body is empty; send a JSON object");
        }
        return Parse(bytes);
    }

    /// <summary>The body's bytes, refusing more than <paramref name="limit"/> whether or not Content-Length says so.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }
        // Sized from Content-Length when the client sends one (one byte over, for the read that sees the end), so a small
        // body costs a small array: a fixed 16 KiB buffer was a zeroed allocation per prediction (docs/benchmarks.md).
        var expected = request.ContentLength is > 0 and var length ? (int)length : 0;
        var buffer = new ArrayBufferWriter<byte>(expected > 0 ? expected + 1 : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(expected > 0 ? 1 : 4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw new RequestTooLargeException(limit);
            }
        }
        return buffer.WrittenMemory;
    }

    /// <summary>Parses and checks a body; every way it can be malformed is a <see cref="RelearnErrorKind.InvalidInput"/>.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        if (!Utf8.IsValid(json.Span))
        {
            throw RelearnException.Invalid("the request body is not valid UTF-8");
        }
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(json, Options);
            if (MayHoldSurrogateEscape(json.Span))
            {
                CheckStrings(document.RootElement);
            }
            return document;
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"the request body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json parses an escaped lone surrogate and fails only when it unescapes it (a property name
            // while checking for repeated keys, a value when it is read).
            document?.Dispose();
            throw RelearnException.Invalid("the request body is not valid JSON: a string holds an unpaired surrogate escape (\\ud800-\\udfff)");
        }
    }

    /// <summary>Whether the text holds a <c>\uD8xx</c>-<c>\uDFxx</c> escape, the only way a parsed string can fail to transcode later.</summary>
    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (json[offset..].IndexOf("\\u"u8) is var found and >= 0)
        {
            var at = offset + found;
            if (at + 3 < json.Length && (json[at + 2] | 0x20) == 'd' && (json[at + 3] | 0x20) is (byte)'8' or (byte)'9' or (>= (byte)'a' and <= (byte)'f'))
            {
                return true;
            }
            offset = at + 2;
        }
        return false;
    }

    /// <summary>Transcodes every string and property name, which throws on an unpaired surrogate.</summary>
    private static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckStrings(item);
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckStrings(property.Value);
                }
                break;
        }
    }
}
