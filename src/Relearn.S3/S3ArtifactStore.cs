using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Relearn.Core;
using Relearn.Core.Storage;

namespace Relearn.S3;

/// <summary>
/// Artifact store in an S3 bucket, with the same layout and guarantees as <see cref="LocalArtifactStore"/>:
/// <c>{prefix}/objects/ab/cdef…</c> named by SHA-256 of the content and re-hashed on every read (a changed object
/// is reported as corrupt, never served), named references at <c>{prefix}/refs/{base64url(name)}</c> holding the
/// digest. A blob is hashed while it is spooled to a local file and only then uploaded under its digest (in one
/// PUT, or a multipart upload above <see cref="S3ArtifactStoreOptions.PartSize"/>); S3 makes an object visible
/// only when its upload completes, so a reader never sees a partial object. The bucket is created on the first
/// write when it does not exist.
/// </summary>
public sealed partial class S3ArtifactStore : IArtifactStore
{
    private readonly IAmazonS3 _client;
    private readonly S3ArtifactStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<S3ArtifactStore> _logger;
    private readonly string _bucket;
    private readonly string _endpoint;

    /// <summary>Creates a store over <paramref name="client"/>; nothing is sent to S3 until the first call.</summary>
    public S3ArtifactStore(IAmazonS3 client, S3ArtifactStoreOptions options, TimeProvider timeProvider, ILogger<S3ArtifactStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _bucket = options.Location.Bucket;
        _endpoint = client.Config.ServiceURL?.TrimEnd('/') ?? client.Config.RegionEndpoint?.SystemName ?? "AWS";
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default)
    {
        var key = ObjectKey(ArtifactLayout.RequireDigest(digest));
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key, cancellationToken);
            return new DigestVerifyingStream(new S3ObjectStream(response), digest, response.ContentLength);
        }
        catch (AmazonS3Exception e) when (S3Failures.IsMissingBucket(e))
        {
            throw RelearnException.NotFound($"artifact {digest} does not exist: the S3 bucket '{_bucket}' does not exist");
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            throw RelearnException.NotFound($"artifact {digest} does not exist");
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"read s3://{_bucket}/{key}", _endpoint);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken = default) =>
        ArtifactRef.IsValidDigest(digest) ? KeyExistsAsync(ObjectKey(digest), cancellationToken) : Task.FromResult(false);

    /// <inheritdoc />
    public async Task SetReferenceAsync(string name, string digest, CancellationToken cancellationToken = default)
    {
        var key = ReferenceKey(name);
        ArtifactLayout.RequireDigest(digest);
        if (!await ExistsAsync(digest, cancellationToken))
        {
            throw RelearnException.NotFound($"artifact {digest} does not exist");
        }
        try
        {
            // One PUT replaces the whole object at once: readers see the old digest or the new one.
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = digest, ContentType = "text/plain" }, cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"write s3://{_bucket}/{key}", _endpoint);
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetReferenceAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = ReferenceKey(name);
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            return (await reader.ReadToEndAsync(cancellationToken)).Trim();
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            return null;
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"read s3://{_bucket}/{key}", _endpoint);
        }
    }

    private async Task<bool> KeyExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            return false;
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"look up s3://{_bucket}/{key}", _endpoint);
        }
    }

    private string ObjectKey(string digest) => _options.Location.Key(ArtifactLayout.ObjectPath(digest));

    private string ReferenceKey(string name) => _options.Location.Key(ArtifactLayout.ReferencePath(name));
}
