using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Relearn.S3;

/// <summary>Turns what the SDK throws into the one-line errors Relearn shows.</summary>
internal static class S3Failures
{
    /// <summary>A 404: no such key, or (on a HEAD, which has no body to tell) no such bucket.</summary>
    public static bool IsNotFound(Exception e) => e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound };

    public static bool IsMissingBucket(Exception e) => e is AmazonS3Exception { ErrorCode: "NoSuchBucket" };

    /// <summary>True for a failure of S3 or of reaching it, unless the caller cancelled.</summary>
    public static bool IsS3Failure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or TaskCanceledException;

    /// <summary>An <see cref="IOException"/> with one line saying what failed where; the SDK's exception is kept as the inner one.</summary>
    public static IOException Describe(Exception e, string action, string endpoint)
    {
        if (IsUnreachable(e))
        {
            return new IOException(
                $"cannot reach S3 at {endpoint} to {action}: {Innermost(e).Message.TrimEnd('.')}; check AWS_ENDPOINT_URL_S3 and that the server is running", e);
        }
        var message = e switch
        {
            // A HEAD's error has no body, and the SDK's stand-in text says no more than the status.
            AmazonServiceException service when service.Message.StartsWith("Error making request", StringComparison.Ordinal) =>
                $"HTTP {(int)service.StatusCode} {service.StatusCode}",
            AmazonServiceException { ErrorCode: { Length: > 0 } code } service when string.IsNullOrWhiteSpace(service.Message) => code,
            AmazonServiceException { ErrorCode: { Length: > 0 } code } service => $"{code}: {service.Message.TrimEnd('.')}",
            AmazonServiceException service => $"HTTP {(int)service.StatusCode}: {service.Message.TrimEnd('.')}",
            _ => e.Message.TrimEnd('.'),
        };
        if (e is AmazonServiceException { StatusCode: HttpStatusCode.Forbidden })
        {
            message += "; check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's permissions";
        }
        return new IOException($"S3 at {endpoint} failed to {action}: {message.ReplaceLineEndings(" ")}", e);
    }

    private static bool IsUnreachable(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or TimeoutException)
            {
                return true;
            }
        }
        return e is TaskCanceledException;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
