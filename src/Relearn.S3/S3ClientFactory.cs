using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Relearn.S3;

/// <summary>
/// Builds the S3 client from the standard AWS environment: <c>AWS_ENDPOINT_URL_S3</c> (else <c>AWS_ENDPOINT_URL</c>)
/// for an S3-compatible server such as Ceph radosgw or MinIO, <c>AWS_REGION</c> (default <c>us-east-1</c>), and the
/// SDK's default credential chain, which reads <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> first.
/// </summary>
public static class S3ClientFactory
{
    /// <summary>The region used when <c>AWS_REGION</c> is not set.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>Creates a client; <paramref name="environment"/> reads a variable (default: the process environment).</summary>
    public static AmazonS3Client Create(Func<string, string?>? environment = null) => new(CreateConfig(environment));

    /// <summary>The client configuration for the given environment.</summary>
    public static AmazonS3Config CreateConfig(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var region = Value(environment, "AWS_REGION") ?? DefaultRegion;
        var config = new AmazonS3Config
        {
            // Only send and check the checksums S3 requires: newer SDKs add checksum trailers by default,
            // which S3-compatible servers such as Ceph 16 reject with 400.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if ((Value(environment, "AWS_ENDPOINT_URL_S3") ?? Value(environment, "AWS_ENDPOINT_URL")) is { } endpoint)
        {
            // An S3-compatible server: bucket in the path (no wildcard DNS needed), signed for the region.
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return config;
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : null;
}
