using Relearn.Core.Hosting;

namespace Relearn.S3;

/// <summary>Where an <see cref="S3ArtifactStore"/> keeps its objects and how it uploads them.</summary>
public sealed class S3ArtifactStoreOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload (all but the last part).</summary>
    public const long MinimumPartSize = 5L * 1024 * 1024;

    /// <summary>The bucket and the key prefix the store lives under.</summary>
    public required S3ArtifactsUri Location { get; init; }

    /// <summary>
    /// Local folder where a blob is spooled while its digest is computed, before it is uploaded under that
    /// digest; created when needed, and each spool file is deleted when its upload ends.
    /// </summary>
    public required string SpoolFolder { get; init; }

    /// <summary>Blobs larger than this go up in a multipart upload of parts this size (default 16 MiB, at least 5 MiB).</summary>
    public long PartSize { get; init; } = 16L * 1024 * 1024;

    /// <summary>How many parts of one multipart upload are sent at once (default 4).</summary>
    public int MaxParallelParts { get; init; } = 4;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Location);
        ArgumentException.ThrowIfNullOrWhiteSpace(SpoolFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(PartSize, MinimumPartSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelParts, 1);
    }
}
