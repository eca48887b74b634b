using Microsoft.Extensions.Diagnostics.HealthChecks;
using Relearn.Core.Registry;

namespace Relearn.Server;

/// <summary>Ready when the metadata store answers a query.</summary>
internal sealed class StoreHealthCheck(IModelRegistryStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var models = await store.ListModelsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{models.Count} registered models");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the metadata store is not reachable", e);
        }
    }
}
