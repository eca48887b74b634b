using System.Text;

namespace Relearn.Core.Storage;

/// <summary>
/// Where an artifact store keeps things below its root, shared by every store so that a local store copied
/// file for file into a bucket (or back) is still a valid store: objects at <c>objects/ab/cdef…</c> by
/// SHA-256 digest, references at <c>refs/{base64url(name)}</c> holding the digest.
/// </summary>
public static class ArtifactLayout
{
    /// <summary>The '/'-separated path of a blob below the store's root, e.g. <c>objects/ab/cdef…</c>.</summary>
    public static string ObjectPath(string digest)
    {
        RequireDigest(digest);
        return $"objects/{digest[..2]}/{digest[2..]}";
    }

    /// <summary>
    /// The '/'-separated path of a named reference below the store's root. The name is encoded, never used as a
    /// path, so <c>../x</c> is just another reference name.
    /// </summary>
    public static string ReferencePath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "refs/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(name)).Replace('/', '_').Replace('+', '-');
    }

    /// <summary>Returns <paramref name="digest"/> when it is a SHA-256 digest; otherwise throws an invalid-input <see cref="RelearnException"/>.</summary>
    public static string RequireDigest(string digest) =>
        ArtifactRef.IsValidDigest(digest) ? digest : throw RelearnException.Invalid($"'{digest}' is not a SHA-256 digest");
}
