namespace Relearn.Core.Hosting;

/// <summary>
/// An artifact store in S3, written <c>s3://bucket/prefix</c>: the bucket and the key prefix the store lives
/// under (no leading or trailing '/', empty for the bucket's root). Parsed here so that <c>Relearn.Core</c>
/// can validate the option without depending on an S3 client; <c>Relearn.S3</c> implements the store.
/// </summary>
public sealed record S3ArtifactsUri(string Bucket, string Prefix)
{
    private const string Scheme = "s3://";

    /// <summary>True when <paramref name="artifacts"/> names an S3 location rather than a folder.</summary>
    public static bool IsS3(string? artifacts) => artifacts?.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; throws an invalid-input <see cref="RelearnException"/> naming what is wrong.</summary>
    public static S3ArtifactsUri Parse(string artifacts)
    {
        if (!IsS3(artifacts))
        {
            throw RelearnException.Invalid($"'{artifacts}' is not an s3://bucket/prefix location");
        }
        var rest = artifacts[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (!IsValidBucketName(bucket))
        {
            throw RelearnException.Invalid(
                $"'{bucket}' in '{artifacts}' is not an S3 bucket name: 3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit");
        }
        return new S3ArtifactsUri(bucket, prefix);
    }

    /// <summary>The key of <paramref name="path"/> (an <see cref="Storage.ArtifactLayout"/> path) inside the bucket.</summary>
    public string Key(string path) => Prefix.Length == 0 ? path : $"{Prefix}/{path}";

    /// <inheritdoc />
    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    private static bool IsValidBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-')
        && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1]);
}
