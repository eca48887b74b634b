using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>Counts every write to the stores and crashes (throws <see cref="IOException"/>) just before a chosen one.</summary>
internal sealed class Faults
{
    private int _writes;

    /// <summary>The write (0-based, counted since <see cref="Reset"/>) that crashes; null for none.</summary>
    public int? CrashBefore { get; set; }

    public int Writes => Volatile.Read(ref _writes);

    public void Reset(int? crashBefore = null)
    {
        Volatile.Write(ref _writes, 0);
        CrashBefore = crashBefore;
    }

    public void Write(string what)
    {
        var write = Interlocked.Increment(ref _writes) - 1;
        if (write == CrashBefore)
        {
            throw new IOException($"injected crash before write {write} ({what})");
        }
    }
}

/// <summary>An artifact store whose writes can crash (see <see cref="Faults"/>).</summary>
internal sealed class FaultyArtifactStore(IArtifactStore inner, Faults faults) : IArtifactStore
{
    public Task<ArtifactRef> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        faults.Write("put");
        return inner.PutAsync(content, cancellationToken);
    }

    public Task SetReferenceAsync(string name, string digest, CancellationToken cancellationToken = default)
    {
        faults.Write($"reference {name}");
        return inner.SetReferenceAsync(name, digest, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default) => inner.OpenReadAsync(digest, cancellationToken);

    public Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken = default) => inner.ExistsAsync(digest, cancellationToken);

    public Task<string?> GetReferenceAsync(string name, CancellationToken cancellationToken = default) => inner.GetReferenceAsync(name, cancellationToken);
}

/// <summary>A dataset catalog whose registrations can crash (see <see cref="Faults"/>).</summary>
internal sealed class FaultyDatasetCatalog(IDatasetCatalog inner, Faults faults) : IDatasetCatalog
{
    public Task<DatasetVersion> RegisterAsync(string name, string digest, long rowCount, string schema, string source, CancellationToken cancellationToken = default)
    {
        faults.Write($"register {name}");
        return inner.RegisterAsync(name, digest, rowCount, schema, source, cancellationToken);
    }

    public Task<DatasetVersion?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default) => inner.GetAsync(name, version, cancellationToken);

    public Task<IReadOnlyList<DatasetVersion>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
}
