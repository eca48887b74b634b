using System.Text;

namespace Relearn.Core.Storage;

/// <summary>Convenience reads and writes over <see cref="IArtifactStore"/>.</summary>
public static class ArtifactStoreExtensions
{
    /// <summary>Stores a byte array.</summary>
    public static async Task<ArtifactRef> PutBytesAsync(this IArtifactStore store, byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return await store.PutAsync(stream, cancellationToken);
    }

    /// <summary>Stores UTF-8 text.</summary>
    public static Task<ArtifactRef> PutTextAsync(this IArtifactStore store, string text, CancellationToken cancellationToken = default) =>
        store.PutBytesAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Reads a whole blob, verifying its digest.</summary>
    public static async Task<byte[]> ReadBytesAsync(this IArtifactStore store, string digest, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(digest, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Reads a whole blob as UTF-8 text, verifying its digest.</summary>
    public static async Task<string> ReadTextAsync(this IArtifactStore store, string digest, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await store.ReadBytesAsync(digest, cancellationToken));
}
