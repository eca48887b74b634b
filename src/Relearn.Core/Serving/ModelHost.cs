using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core.Registry;

namespace Relearn.Core.Serving;

/// <summary>
/// Serves models by alias or version. Each alias is re-read at most every refresh interval; when it moves,
/// the new version is loaded in the background while requests keep scoring with the old one, and then
/// swapped in with one reference write — a promotion never fails or stalls a request in flight.
/// </summary>
public sealed class ModelHost(ModelRegistry registry, IModelRegistryStore store, IOptions<ServingOptions> options, TimeProvider time, ILogger<ModelHost> logger)
{
    private readonly ConcurrentDictionary<(string Name, int Version), Lazy<Task<HostedModel>>> _versions = new();
    private readonly ConcurrentDictionary<(string Name, string Alias), AliasSlot> _aliases = new();

    /// <summary>The model a request names: by version when given, else by alias (default <c>production</c>).</summary>
    public Task<HostedModel> GetAsync(string name, string? alias, int? version, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(name, "model name");
        if (version is { } v)
        {
            if (alias is not null)
            {
                throw RelearnException.Invalid("give either alias or version, not both");
            }
            return v > 0 ? LoadVersionAsync(name, v) : throw RelearnException.Invalid("version must be a positive whole number");
        }
        return GetByAliasAsync(name, ModelReference.RequireName(alias ?? ModelRegistry.DefaultAlias, "alias"), cancellationToken);
    }

    private async Task<HostedModel> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        var slot = _aliases.GetOrAdd((name, alias), _ => new AliasSlot());
        var current = slot.Current;
        var now = time.GetTimestamp();
        if (current is not null && time.GetElapsedTime(Interlocked.Read(ref slot.CheckedAt), now) < options.Value.AliasRefreshInterval)
        {
            return current;
        }
        // One request re-reads the alias; the others keep using the current model meanwhile.
        if (current is not null && Interlocked.CompareExchange(ref slot.Refreshing, 1, 0) != 0)
        {
            return current;
        }
        try
        {
            var held = await store.GetAliasAsync(name, alias, cancellationToken);
            Interlocked.Exchange(ref slot.CheckedAt, now);
            if (held is null)
            {
                slot.Current = null;
                throw await store.GetModelAsync(name, cancellationToken) is null
                    ? RelearnException.NotFound($"model '{name}' does not exist")
                    : RelearnException.NotFound($"model '{name}' has no alias '{alias}'");
            }
            if (current?.Version.Version == held)
            {
                return current;
            }
            var loading = LoadVersionAsync(name, held.Value);
            if (current is null || loading.IsCompletedSuccessfully)
            {
                var loaded = await loading;
                slot.Current = loaded;
                logger.AliasServes(name, alias, current?.Version.Version, loaded.Version.Version);
                return loaded;
            }
            _ = loading.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    slot.Current = t.Result;
                    logger.AliasSwapped(name, alias, current.Version.Version, t.Result.Version.Version);
                }
                else
                {
                    logger.ModelLoadFailed(t.Exception, name, held.Value);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return current;
        }
        finally
        {
            Interlocked.Exchange(ref slot.Refreshing, 0);
        }
    }

    private Task<HostedModel> LoadVersionAsync(string name, int version)
    {
        var lazy = _versions.GetOrAdd((name, version), key => new Lazy<Task<HostedModel>>(() => LoadAsync(key.Name, key.Version)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed load is not cached: the next request tries again.
            _versions.TryRemove(new KeyValuePair<(string, int), Lazy<Task<HostedModel>>>((name, version), lazy));
        }
        return task;
    }

    private async Task<HostedModel> LoadAsync(string name, int version)
    {
        var started = time.GetTimestamp();
        var modelVersion = await registry.ResolveAsync(new ModelReference(name, null, version));
        var model = await registry.LoadAsync(modelVersion);
        logger.ModelLoaded(name, version, time.GetElapsedTime(started).TotalMilliseconds);
        return new HostedModel(modelVersion, model);
    }

    private sealed class AliasSlot
    {
        public volatile HostedModel? Current;
        public long CheckedAt;
        public int Refreshing;
    }
}
