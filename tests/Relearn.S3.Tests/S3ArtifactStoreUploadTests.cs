using System.Security.Cryptography;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;

namespace Relearn.S3.Tests;

/// <summary>What only the S3 store has: the spool, multipart uploads, the bucket created on first write.</summary>
public sealed class S3ArtifactStoreUploadTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private readonly string _bucket = S3TestServer.NewBucketName();
    private readonly string _spool = Directory.CreateTempSubdirectory("relearn-s3-spool-").FullName;
    private IAmazonS3 _client = null!;

    public async Task InitializeAsync() => _client = await S3TestServer.ClientAsync();

    [Fact]
    public async Task Put_40MiB_GoesUpInThreePartsAndReadsBackWithItsDigest()
    {
        var store = Store();
        var bytes = new byte[40 * MiB];
        new Random(40).NextBytes(bytes);

        var stored = await store.PutAsync(new MemoryStream(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Digest);
        Assert.Equal(bytes.Length, stored.Size);
        var head = await _client.GetObjectMetadataAsync(_bucket, $"big/{ArtifactLayout.ObjectPath(stored.Digest)}");
        Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal); // a multipart ETag: md5-of-parts "-" part count
        Assert.Equal(bytes.Length, head.ContentLength);
        await using var read = await store.OpenReadAsync(stored.Digest);
        Assert.Equal(bytes.Length, read.Length);
        Assert.Equal(stored.Digest, Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task Put_SameLargeContentTwice_UploadsItOnce()
    {
        var store = Store();
        var bytes = new byte[17 * MiB];
        new Random(17).NextBytes(bytes);
        var first = await store.PutAsync(new MemoryStream(bytes));
        var key = $"big/{ArtifactLayout.ObjectPath(first.Digest)}";
        var uploaded = (await _client.GetObjectMetadataAsync(_bucket, key)).LastModified;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // S3 times have whole seconds

        var second = await store.PutAsync(new MemoryStream(bytes));

        Assert.Equal(first, second);
        Assert.Equal(uploaded, (await _client.GetObjectMetadataAsync(_bucket, key)).LastModified);
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task Put_WhenTheBucketIsMissing_CreatesIt()
    {
        Assert.Empty(await S3TestServer.ListKeysAsync(_client, _bucket));

        var stored = await Store().PutTextAsync("first write");

        Assert.Equal([$"big/{ArtifactLayout.ObjectPath(stored.Digest)}"], await S3TestServer.ListKeysAsync(_client, _bucket));
    }

    [Fact]
    public async Task Read_WhenTheBucketIsMissing_IsNotFoundNamingTheBucket()
    {
        var store = Store();

        var error = await Assert.ThrowsAsync<RelearnException>(() => store.OpenReadAsync(new string('d', 64)));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
        Assert.Contains($"'{_bucket}'", error.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync(new string('d', 64)));
        Assert.Null(await store.GetReferenceAsync("anything"));
    }

    private S3ArtifactStore Store() => new(
        _client,
        new S3ArtifactStoreOptions { Location = new S3ArtifactsUri(_bucket, "big"), SpoolFolder = _spool },
        TimeProvider.System,
        NullLogger<S3ArtifactStore>.Instance);

    public async Task DisposeAsync()
    {
        Directory.Delete(_spool, recursive: true);
        await S3TestServer.DeleteBucketAsync(_client, _bucket);
    }
}
