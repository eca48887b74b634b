using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Storage;

/// <summary>The artifact store contract on a local folder.</summary>
public sealed class LocalArtifactStoreTests : ArtifactStoreContract
{
    private readonly TempFolder _folder = Some.Folder();

    protected override string Root => "artifacts";

    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(Some.Artifacts(_folder));

    // Files only: the empty tmp/ folder is no leftover, a file in it would be.
    protected override Task<IReadOnlyList<string>> ListContainerAsync() =>
        Task.FromResult<IReadOnlyList<string>>(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(_folder.Path, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList());

    protected override Task OverwriteAsync(string path, byte[] content) =>
        File.WriteAllBytesAsync(Path.Combine(_folder.Path, Root, path), content);

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
