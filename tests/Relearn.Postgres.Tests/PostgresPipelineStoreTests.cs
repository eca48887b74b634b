using Relearn.Core.Tests.Pipelines;

namespace Relearn.Postgres.Tests;

/// <summary>The pipeline store contract on a fresh PostgreSQL database per test, dropped afterwards.</summary>
public sealed class PostgresPipelineStoreTests : PipelineStoreContract<PostgresMetadataStore>
{
    private readonly List<PostgresMetadataStore> _opened = [];
    private string? _uri;

    protected override async Task<PostgresMetadataStore> CreateStoreAsync()
    {
        _uri = await PostgresTestServer.CreateDatabaseAsync();
        return OpenAgain();
    }

    protected override PostgresMetadataStore OpenAgain()
    {
        var store = new PostgresMetadataStore(_uri ?? throw new InvalidOperationException("no database yet"), TimeProvider.System);
        _opened.Add(store);
        return store;
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        if (_uri is not null)
        {
            await PostgresTestServer.DropDatabaseAsync(_uri);
        }
    }
}
