using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;
using Relearn.Core.Tests.Storage;

namespace Relearn.S3.Tests;

/// <summary>The artifact store contract on a real S3 server: each test in a bucket of its own, under a prefix.</summary>
public sealed class S3ArtifactStoreTests : ArtifactStoreContract
{
    private readonly string _bucket = S3TestServer.NewBucketName();
    private readonly string _spool = Directory.CreateTempSubdirectory("relearn-s3-spool-").FullName;
    private IAmazonS3? _client;

    protected override string Root => "team/artifacts";

    private IAmazonS3 Client => _client ?? throw new InvalidOperationException("connected in CreateStoreAsync");

    // The bucket does not exist yet: the store creates it on its first write.
    protected override async Task<IArtifactStore> CreateStoreAsync()
    {
        _client = await S3TestServer.ClientAsync();
        var options = new S3ArtifactStoreOptions { Location = new S3ArtifactsUri(_bucket, Root), SpoolFolder = _spool };
        return new S3ArtifactStore(_client, options, TimeProvider.System, NullLogger<S3ArtifactStore>.Instance);
    }

    protected override Task<IReadOnlyList<string>> ListContainerAsync() => S3TestServer.ListKeysAsync(Client, _bucket);

    protected override Task OverwriteAsync(string path, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = $"{Root}/{path}", InputStream = new MemoryStream(content) });

    public override async Task DisposeAsync()
    {
        Directory.Delete(_spool, recursive: true);
        if (_client is not null)
        {
            await S3TestServer.DeleteBucketAsync(_client, _bucket);
        }
    }
}
