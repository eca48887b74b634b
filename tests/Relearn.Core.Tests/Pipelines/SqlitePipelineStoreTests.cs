using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;

namespace Relearn.Core.Tests.Pipelines;

/// <summary>The pipeline store contract on a fresh SQLite file.</summary>
public sealed class SqlitePipelineStoreTests : PipelineStoreContract<SqliteMetadataStore>
{
    private readonly TempFolder _folder = Some.Folder();

    protected override Task<SqliteMetadataStore> CreateStoreAsync() => Task.FromResult(Some.Store(_folder));

    protected override SqliteMetadataStore OpenAgain() => new(Path.Combine(_folder.Path, "relearn.db"), TimeProvider.System);

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
