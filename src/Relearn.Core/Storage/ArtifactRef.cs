namespace Relearn.Core.Storage;

/// <summary>A stored blob: its SHA-256 digest (lower-case hex) and size in bytes.</summary>
public sealed record ArtifactRef(string Digest, long Size)
{
    /// <summary>True when <paramref name="digest"/> is 64 lower-case hex characters.</summary>
    public static bool IsValidDigest(string? digest) =>
        digest is { Length: 64 } && digest.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
