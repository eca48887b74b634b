using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Util;

namespace Relearn.S3.Tests;

/// <summary>
/// The real S3 server the tests run against, named by AWS_ENDPOINT_URL_S3. When it is not configured or does
/// not answer, every S3 test fails with a message saying how to start it: these tests never skip.
/// </summary>
internal static class S3TestServer
{
    public const string HowToStart =
        "start one with scripts/s3-up.sh and export AWS_ENDPOINT_URL_S3=http://127.0.0.1:7480 AWS_ACCESS_KEY_ID=cikey " +
        "AWS_SECRET_ACCESS_KEY=cisecret AWS_REGION=us-east-1 (test.sh does both)";

    private static readonly Lazy<Task<IAmazonS3>> Connection = new(ConnectAsync);

    /// <summary>A client for the test server, checked to answer; throws with <see cref="HowToStart"/> otherwise.</summary>
    public static Task<IAmazonS3> ClientAsync() => Connection.Value;

    /// <summary>A bucket name no other test uses.</summary>
    public static string NewBucketName() => "relearn-test-" + Guid.NewGuid().ToString("N");

    /// <summary>Every key in <paramref name="bucket"/>, sorted; none when the bucket does not exist.</summary>
    public static async Task<IReadOnlyList<string>> ListKeysAsync(IAmazonS3 client, string bucket)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        try
        {
            ListObjectsV2Response page;
            do
            {
                page = await client.ListObjectsV2Async(request);
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
        }
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Deletes a test bucket and what it holds, so the in-memory server does not fill up.</summary>
    public static async Task DeleteBucketAsync(IAmazonS3 client, string bucket)
    {
        try
        {
            await AmazonS3Util.DeleteS3BucketWithObjectsAsync(client, bucket);
        }
        catch (AmazonS3Exception)
        {
            // Never created, or already gone.
        }
    }

    private static async Task<IAmazonS3> ConnectAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } s3
            ? s3
            : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (string.IsNullOrEmpty(endpoint))
        {
            throw new InvalidOperationException($"The S3 tests need a real S3 server and AWS_ENDPOINT_URL_S3 is not set: {HowToStart}");
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")))
        {
            throw new InvalidOperationException($"The S3 tests need AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the server at {endpoint}: {HowToStart}");
        }
        var client = S3ClientFactory.Create();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await client.ListBucketsAsync(new ListBucketsRequest(), timeout.Token);
        }
        catch (Exception e)
        {
            client.Dispose();
            throw new InvalidOperationException($"The S3 server at {endpoint} does not answer ({e.GetType().Name}: {e.Message}): {HowToStart}", e);
        }
        return client;
    }
}
