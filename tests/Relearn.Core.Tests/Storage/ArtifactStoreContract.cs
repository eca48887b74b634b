using System.Security.Cryptography;
using System.Text;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Storage;

/// <summary>
/// What every <see cref="IArtifactStore"/> must do, run once per store by a derived class: the local folder
/// here, S3 in Relearn.S3.Tests (which compiles this file in as a link). Each test gets a fresh, empty store.
/// </summary>
public abstract class ArtifactStoreContract : IAsyncLifetime
{
    private IArtifactStore? _store;

    /// <summary>The store under test.</summary>
    protected IArtifactStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    /// <summary>Where the store's root lives inside its container, '/'-separated ("artifacts", "team/artifacts").</summary>
    protected abstract string Root { get; }

    /// <summary>Creates an empty store rooted at <see cref="Root"/>.</summary>
    protected abstract Task<IArtifactStore> CreateStoreAsync();

    /// <summary>Everything the container holds (files, keys), '/'-separated paths relative to the container.</summary>
    protected abstract Task<IReadOnlyList<string>> ListContainerAsync();

    /// <summary>Replaces what is stored at <paramref name="path"/> (relative to <see cref="Root"/>) behind the store's back.</summary>
    protected abstract Task OverwriteAsync(string path, byte[] content);

    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Put_ReturnsSha256OfContent_AndReadsBack()
    {
        var bytes = Encoding.UTF8.GetBytes("hello relearn");

        var stored = await Store.PutBytesAsync(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Digest);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes, await Store.ReadBytesAsync(stored.Digest));
    }

    [Fact]
    public async Task Put_EmptyContent_ReadsBackEmpty()
    {
        var stored = await Store.PutBytesAsync([]);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), stored.Digest);
        Assert.Equal(0, stored.Size);
        Assert.Empty(await Store.ReadBytesAsync(stored.Digest));
    }

    [Fact]
    public async Task Put_SameContentTwice_StoresOneObjectAtItsDigestAndNothingElse()
    {
        var first = await Store.PutTextAsync("same");
        var second = await Store.PutTextAsync("same");

        Assert.Equal(first, second);
        Assert.Equal([$"{Root}/objects/{first.Digest[..2]}/{first.Digest[2..]}"], await ListContainerAsync());
    }

    [Fact]
    public async Task Exists_IsTrueOnlyForStoredDigests()
    {
        var stored = await Store.PutTextAsync("here");

        Assert.True(await Store.ExistsAsync(stored.Digest));
        Assert.False(await Store.ExistsAsync(new string('c', 64)));
        Assert.False(await Store.ExistsAsync("../../etc/passwd"));
    }

    [Fact]
    public async Task Read_WhenObjectWasTamperedWith_FailsWithCorrupt()
    {
        var stored = await Store.PutTextAsync("original content");
        await OverwriteAsync(ArtifactLayout.ObjectPath(stored.Digest), Encoding.UTF8.GetBytes("tampered content"));

        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.ReadBytesAsync(stored.Digest));

        Assert.Equal(RelearnErrorKind.Corrupt, error.Kind);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000/..")]
    public async Task Read_WithSomethingThatIsNotADigest_IsRejectedBeforeTouchingStorage(string digest)
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.OpenReadAsync(digest));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task Read_UnknownDigest_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.OpenReadAsync(new string('a', 64)));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task References_MapNamesToDigests_AndNamesNeverBecomePaths()
    {
        var v1 = await Store.PutTextAsync("v1");
        var v2 = await Store.PutTextAsync("v2");

        await Store.SetReferenceAsync("../../outside", v1.Digest);
        await Store.SetReferenceAsync("../../outside", v2.Digest);

        Assert.Equal(v2.Digest, await Store.GetReferenceAsync("../../outside"));
        Assert.Null(await Store.GetReferenceAsync("missing"));
        var everything = await ListContainerAsync();
        Assert.All(everything, path => Assert.StartsWith(Root + "/", path, StringComparison.Ordinal));
        Assert.Equal([$"{Root}/refs/Li4vLi4vb3V0c2lkZQ=="], everything.Where(path => path.StartsWith($"{Root}/refs/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SetReference_ToAMissingDigest_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.SetReferenceAsync("x", new string('b', 64)));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }
}
