using System.Security.Cryptography;
using System.Text;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Storage;

public sealed class LocalArtifactStoreTests : IDisposable
{
    private readonly TempFolder _folder = Some.Folder();

    [Fact]
    public async Task Put_ReturnsSha256OfContent_AndReadsBack()
    {
        var store = Some.Artifacts(_folder);
        var bytes = Encoding.UTF8.GetBytes("hello relearn");

        var stored = await store.PutBytesAsync(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Digest);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes, await store.ReadBytesAsync(stored.Digest));
    }

    [Fact]
    public async Task Put_SameContentTwice_StoresOneObjectAndLeavesNoTempFiles()
    {
        var store = Some.Artifacts(_folder);

        var first = await store.PutTextAsync("same");
        var second = await store.PutTextAsync("same");

        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "artifacts", "objects"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "artifacts", "tmp")));
    }

    [Fact]
    public async Task Read_WhenObjectWasTamperedWith_FailsWithCorrupt()
    {
        var store = Some.Artifacts(_folder);
        var stored = await store.PutTextAsync("original content");
        var path = Directory.GetFiles(Path.Combine(_folder.Path, "artifacts", "objects"), "*", SearchOption.AllDirectories).Single();
        await File.WriteAllTextAsync(path, "tampered content");

        var error = await Assert.ThrowsAsync<RelearnException>(() => store.ReadBytesAsync(stored.Digest));

        Assert.Equal(RelearnErrorKind.Corrupt, error.Kind);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000/..")]
    public async Task Read_WithSomethingThatIsNotADigest_IsRejectedBeforeTouchingDisk(string digest)
    {
        var store = Some.Artifacts(_folder);

        var error = await Assert.ThrowsAsync<RelearnException>(() => store.OpenReadAsync(digest));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task Read_UnknownDigest_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Some.Artifacts(_folder).OpenReadAsync(new string('a', 64)));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task References_MapNamesToDigests_AndNamesNeverBecomePaths()
    {
        var store = Some.Artifacts(_folder);
        var v1 = await store.PutTextAsync("v1");
        var v2 = await store.PutTextAsync("v2");

        await store.SetReferenceAsync("../../outside", v1.Digest);
        await store.SetReferenceAsync("../../outside", v2.Digest);

        Assert.Equal(v2.Digest, await store.GetReferenceAsync("../../outside"));
        Assert.Null(await store.GetReferenceAsync("missing"));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "outside")));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "artifacts", "refs")));
    }

    [Fact]
    public async Task SetReference_ToAMissingDigest_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Some.Artifacts(_folder).SetReferenceAsync("x", new string('b', 64)));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    public void Dispose() => _folder.Dispose();
}
