using System.Buffers;
using System.Text.Json;
using Relearn.Core;

namespace Relearn.Server;

/// <summary>Reads a JSON request body under a size limit, turning every kind of bad body into a 4xx.</summary>
internal static class JsonBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException(request.ContentType);
        }
        if (request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
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
        if (buffer.WrittenCount == 0)
        {
            throw RelearnException.Invalid("the request body is empty; send a JSON object");
        }
        try
        {
            return JsonDocument.Parse(buffer.WrittenMemory);
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"the request body is not valid JSON: {e.Message}");
        }
    }
}
