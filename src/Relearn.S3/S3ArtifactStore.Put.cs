using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Relearn.Core;
using Relearn.Core.Storage;

namespace Relearn.S3;

public sealed partial class S3ArtifactStore
{
    private const int BufferSize = 81920;
    private volatile bool _bucketReady;

    /// <inheritdoc />
    public async Task<ArtifactRef> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_options.SpoolFolder);
        var spoolPath = Path.Combine(_options.SpoolFolder, "s3-put-" + Guid.NewGuid().ToString("N"));
        // DeleteOnClose: the spool file goes when this method ends, however it ends.
        await using var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, BufferSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var (digest, size) = await SpoolAsync(content, spool, cancellationToken);
        var key = ObjectKey(digest);

        await EnsureBucketAsync(cancellationToken);
        if (await KeyExistsAsync(key, cancellationToken))
        {
            _logger.ObjectAlreadyStored(digest, _bucket, key);
            return new ArtifactRef(digest, size);
        }

        var started = _timeProvider.GetTimestamp();
        try
        {
            var parts = size > _options.PartSize
                ? await PutMultipartAsync(spoolPath, key, size, cancellationToken)
                : await PutSingleAsync(spool, key, cancellationToken);
            _logger.ObjectUploaded(size, _bucket, key, parts, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"write s3://{_bucket}/{key}", _endpoint);
        }
        return new ArtifactRef(digest, size);
    }

    private static async Task<(string Digest, long Size)> SpoolAsync(Stream content, FileStream spool, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        await spool.FlushAsync(cancellationToken);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), spool.Length);
    }

    private async Task<int> PutSingleAsync(FileStream spool, string key, CancellationToken cancellationToken)
    {
        spool.Position = 0;
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = spool,
            AutoCloseStream = false,
            ContentType = "application/octet-stream",
        }, cancellationToken);
        return 1;
    }

    private async Task<int> PutMultipartAsync(string spoolPath, string key, long size, CancellationToken cancellationToken)
    {
        var partSize = _options.PartSize;
        var count = (int)((size + partSize - 1) / partSize);
        var upload = await _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = "application/octet-stream" }, cancellationToken);
        try
        {
            var parts = new PartETag[count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelParts, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (index, token) =>
            {
                var offset = index * partSize;
                // Each part reads its own range of the spool file, so parts go up side by side.
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = index + 1,
                    FilePath = spoolPath,
                    FilePosition = offset,
                    PartSize = Math.Min(partSize, size - offset),
                    IsLastPart = index == count - 1,
                }, token);
                parts[index] = new PartETag(index + 1, part.ETag);
            });
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = [.. parts],
            }, cancellationToken);
            return count;
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still be aborted, or its parts are kept and billed.
            await _client.AbortMultipartUploadAsync(_bucket, key, uploadId, CancellationToken.None);
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, CancellationToken.None))
        {
            _logger.MultipartAbortFailed(e, _bucket, key);
        }
    }

    // Create-on-first-write: a new s3:// location works without a separate setup step. Reads never create it.
    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            await CreateBucketAsync(cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw S3Failures.Describe(e, $"open the bucket '{_bucket}'", _endpoint);
        }
        _bucketReady = true;
    }

    private async Task CreateBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
            _logger.BucketCreated(_bucket, _endpoint);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" || e.StatusCode == HttpStatusCode.Conflict && e.ErrorCode is "BucketAlreadyExists" or "OperationAborted")
        {
            // Another writer created it first.
        }
        catch (Exception e) when (S3Failures.IsS3Failure(e, cancellationToken))
        {
            throw new RelearnException(RelearnErrorKind.NotFound,
                $"the S3 bucket '{_bucket}' does not exist and could not be created: {S3Failures.Describe(e, "create it", _endpoint).Message}", e);
        }
    }
}
