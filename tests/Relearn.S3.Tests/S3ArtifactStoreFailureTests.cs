using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;

namespace Relearn.S3.Tests;

/// <summary>An S3 that cannot be reached or refuses the caller fails with one line naming it. No server needed.</summary>
public sealed class S3ArtifactStoreFailureTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("relearn-s3-spool-").FullName;

    [Fact]
    public async Task Put_WhenTheEndpointIsUnreachable_FailsWithOneLineNamingIt()
    {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        using var client = Client("http://127.0.0.1:1");
        var store = Store(client);

        var error = await Assert.ThrowsAsync<IOException>(() => store.PutTextAsync("x"));

        Assert.StartsWith("cannot reach S3 at http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task Read_WhenTheEndpointIsUnreachable_FailsWithOneLineNamingIt()
    {
        using var client = Client("http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<IOException>(() => Store(client).OpenReadAsync(new string('e', 64)));

        Assert.StartsWith("cannot reach S3 at http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Put_WithWrongCredentials_FailsWithOneLineWithoutTheSecret()
    {
        var server = await S3TestServer.ClientAsync();
        using var client = new AmazonS3Client(new BasicAWSCredentials("cikey", "not-the-secret"), server.Config as AmazonS3Config);

        var store = Store(client);

        var put = await Assert.ThrowsAsync<IOException>(() => store.PutTextAsync("x"));
        var read = await Assert.ThrowsAsync<IOException>(() => store.GetReferenceAsync("x"));

        Assert.Contains("HTTP 403 Forbidden; check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY", put.Message, StringComparison.Ordinal);
        Assert.Contains("SignatureDoesNotMatch", read.Message, StringComparison.Ordinal);
        Assert.All([put.Message, read.Message], message =>
        {
            Assert.DoesNotContain("not-the-secret", message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', message);
        });
    }

    private static AmazonS3Client Client(string endpoint) => new(
        new BasicAWSCredentials("key", "secret"),
        S3ClientFactory.CreateConfig(name => name == "AWS_ENDPOINT_URL_S3" ? endpoint : null));

    private S3ArtifactStore Store(IAmazonS3 client) => new(
        client,
        new S3ArtifactStoreOptions { Location = new S3ArtifactsUri("relearn-unreachable", ""), SpoolFolder = _spool },
        TimeProvider.System,
        NullLogger<S3ArtifactStore>.Instance);

    public void Dispose() => Directory.Delete(_spool, recursive: true);
}
