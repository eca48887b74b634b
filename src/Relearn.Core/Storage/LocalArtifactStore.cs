using System.Security.Cryptography;

namespace Relearn.Core.Storage;

/// <summary>
/// Artifact store in a local folder: <c>objects/ab/cdef…</c> by digest, <c>refs/</c> by the base64url of the
/// reference name. Writes go to a temp file in the same folder and are renamed into place, so a reader never
/// sees a half-written blob and a crash leaves at most an orphaned temp file.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private readonly string _root;
    private readonly string _temp;

    /// <summary>Creates (if needed) a store rooted at <paramref name="root"/>.</summary>
    public LocalArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = root;
        _temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(Path.Combine(root, "objects"));
        Directory.CreateDirectory(Path.Combine(root, "refs"));
        Directory.CreateDirectory(_temp);
    }

    /// <inheritdoc />
    public async Task<ArtifactRef> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            string digest;
            long size;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                size = file.Length;
                digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var target = ObjectPath(digest);
            if (File.Exists(target))
            {
                File.Delete(tempPath);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(tempPath, target, overwrite: true);
            }
            return new ArtifactRef(digest, size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(RequireDigest(digest));
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"artifact {digest} does not exist");
        }
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Task.FromResult<Stream>(new DigestVerifyingStream(file, digest));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken = default) =>
        Task.FromResult(ArtifactRef.IsValidDigest(digest) && File.Exists(ObjectPath(digest)));

    /// <inheritdoc />
    public async Task SetReferenceAsync(string name, string digest, CancellationToken cancellationToken = default)
    {
        RequireDigest(digest);
        if (!await ExistsAsync(digest, cancellationToken))
        {
            throw RelearnException.NotFound($"artifact {digest} does not exist");
        }
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tempPath, digest, cancellationToken);
        File.Move(tempPath, RefPath(name), overwrite: true);
    }

    /// <inheritdoc />
    public async Task<string?> GetReferenceAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = RefPath(name);
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
    }

    private string ObjectPath(string digest) => Path.Combine(_root, ArtifactLayout.ObjectPath(digest));

    private string RefPath(string name) => Path.Combine(_root, ArtifactLayout.ReferencePath(name));

    private static string RequireDigest(string digest) => ArtifactLayout.RequireDigest(digest);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
