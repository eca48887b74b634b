using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Hosting;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Tuning.Distributed;
using Relearn.Core.Webhooks;
using Relearn.Postgres.Workers;

namespace Relearn.Postgres;

/// <summary>Registers the PostgreSQL metadata store.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The executor name of stages and trials run as Hangfire jobs by <c>relearn worker</c> processes.</summary>
    public const string Hangfire = "hangfire";

    /// <summary>
    /// When the location given to <c>AddRelearnCore</c> names a <c>postgresql://</c> metadata store, replaces the
    /// tracking, dataset, registry, webhook and pipeline stores with one <see cref="PostgresMetadataStore"/>, and adds the study
    /// store and Hangfire (its queue in the same database) so tuning trials and pipeline stages can run on
    /// <c>relearn worker</c> processes, as the executor named <see cref="Hangfire"/>; otherwise registers only that name
    /// (asking for it says a PostgreSQL store is needed). Nothing connects until a service is first used. Call after <c>AddRelearnCore</c>.
    /// </summary>
    public static IServiceCollection AddRelearnPostgres(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var location = services.LastOrDefault(d => d.ServiceType == typeof(RelearnLocation))?.ImplementationInstance as RelearnLocation
            ?? throw new InvalidOperationException("call AddRelearnCore(location) before AddRelearnPostgres()");
        // The names are known on every store, so asking for workers on SQLite says what is missing rather than "unknown executor".
        services.AddStageDispatcher(Hangfire, sp => location.IsPostgres ? sp.GetRequiredService<HangfireStageDispatcher>()
            : throw RelearnException.Invalid("stages on workers (--executor hangfire) need a PostgreSQL metadata store: --store postgresql://..."));
        services.AddTrialDispatcher(Hangfire, sp => location.IsPostgres ? sp.GetRequiredService<HangfireTrialDispatcher>()
            : throw RelearnException.Invalid("trials on workers (--executor hangfire) need a PostgreSQL metadata store: --store postgresql://..."));
        if (!location.IsPostgres)
        {
            return services;
        }
        services.TryAddSingleton(sp => new PostgresMetadataStore(location.Store, sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<ITrackingStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<IDatasetCatalog>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<IModelRegistryStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<IWebhookStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPredictionStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<Relearn.Core.Rollout.IRolloutStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPipelineStore>(sp => sp.GetRequiredService<PostgresMetadataStore>()));
        services.TryAddSingleton<IStudyStore>(sp => sp.GetRequiredService<PostgresMetadataStore>());
        services.AddHangfire(configuration => configuration.UseRelearnStorage(location.Store));
        services.TryAddSingleton<HangfireTrialDispatcher>();
        // Not the IStageDispatcher: stages run in-process unless a run asks for workers by name (relearn pipeline run --executor hangfire).
        services.TryAddSingleton<HangfireStageDispatcher>();
        services.TryAddSingleton<StudyTrialRunner>();
        return services;
    }
}
