using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest;

/// <summary>What bronze records about a fetched page, beside its raw body. No request headers, so never a token.</summary>
/// <param name="Url">The URL requested.</param>
/// <param name="FinalUrl">Where redirects led, when they did.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Etag">The page's ETag.</param>
/// <param name="FetchedAt">When it arrived.</param>
/// <param name="Digest">The raw body's digest.</param>
/// <param name="Size">The raw body's size in bytes.</param>
internal sealed record BronzeMetadata(string Url, string? FinalUrl, int Status, string? Etag, DateTimeOffset FetchedAt, string Digest, long Size);

/// <summary>Writes pages to bronze: the raw body bytes, immutable and content-addressed, then a small metadata blob.</summary>
internal static class Bronze
{
    public static async Task<BronzePage> WriteAsync(IArtifactStore store, GitHubResponse response, DateTimeOffset fetchedAt, CancellationToken cancellationToken = default)
    {
        var body = await store.PutBytesAsync(response.Body, cancellationToken);
        var metadata = new BronzeMetadata(response.Url, response.FinalUrl == response.Url ? null : response.FinalUrl, (int)response.Status,
            response.ETag, fetchedAt, body.Digest, body.Size);
        var stored = await store.PutBytesAsync(JsonSerializer.SerializeToUtf8Bytes(metadata, JsonDefaults.Compact), cancellationToken);
        return new BronzePage(response.Url, body.Digest, stored.Digest);
    }

    /// <summary>Reads a page body back (digest-checked) and splits it into issues.</summary>
    public static async Task<IssuePage> ReadAsync(IArtifactStore store, BronzePage page, CancellationToken cancellationToken = default) =>
        IssuePage.Parse(await store.ReadBytesAsync(page.Digest, cancellationToken), page.Url);
}
