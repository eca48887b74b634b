namespace Relearn.Core.Storage;

/// <summary>
/// Content-addressed blob store. Blobs are named only by their SHA-256 digest and never by a caller's path,
/// so no input can reach outside the store. Named references map a logical name to a digest.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores the stream's bytes; returns their digest. Storing the same bytes twice is a no-op.</summary>
    Task<ArtifactRef> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading; the stream throws <see cref="RelearnException"/> at the end if the bytes do not match the digest.</summary>
    Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>True when a blob with this digest is stored.</summary>
    Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Points the named reference at a stored digest (atomically replacing any previous target).</summary>
    Task SetReferenceAsync(string name, string digest, CancellationToken cancellationToken = default);

    /// <summary>The digest a named reference points at, or null.</summary>
    Task<string?> GetReferenceAsync(string name, CancellationToken cancellationToken = default);
}
