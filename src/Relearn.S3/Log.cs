using Microsoft.Extensions.Logging;

namespace Relearn.S3;

/// <summary>Every log message of Relearn.S3, with stable event ids (5000-5999). Endpoints, buckets and keys only: never credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Created S3 bucket {Bucket} at {Endpoint} for the artifact store")]
    public static partial void BucketCreated(this ILogger logger, string bucket, string endpoint);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Artifact {Digest} is already stored at s3://{Bucket}/{Key}; not uploading it again")]
    public static partial void ObjectAlreadyStored(this ILogger logger, string digest, string bucket, string key);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Uploaded {Size} bytes to s3://{Bucket}/{Key} in {Parts} part(s) in {Milliseconds:0} ms")]
    public static partial void ObjectUploaded(this ILogger logger, long size, string bucket, string key, int parts, double milliseconds);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Aborting the multipart upload of s3://{Bucket}/{Key} failed; the bucket's lifecycle rules must clean it up")]
    public static partial void MultipartAbortFailed(this ILogger logger, Exception exception, string bucket, string key);
}
