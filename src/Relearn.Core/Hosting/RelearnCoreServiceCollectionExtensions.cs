using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Datasets;
using Relearn.Core.Datasets.Expectations;
using Relearn.Core.Metadata;
using Relearn.Core.Models;
using Relearn.Core.Monitoring;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Monitoring.Profiles;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Alerts;
using Relearn.Core.Quality;
using Relearn.Core.Registry;
using Relearn.Core.Rollout;
using Relearn.Core.Serving;
using Relearn.Core.Storage;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Core.Tracking;
using Relearn.Core.Training.Tuning;
using Relearn.Core.Webhooks;

namespace Relearn.Core.Hosting;

/// <summary>Registers the platform's services.</summary>
public static class RelearnCoreServiceCollectionExtensions
{
    /// <summary>Adds the stores, model tasks, training, registry and model host for <paramref name="location"/>.</summary>
    public static IServiceCollection AddRelearnCore(this IServiceCollection services, RelearnLocation location)
    {
        services.AddSingleton(location);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ServingOptions>().BindConfiguration("Relearn:Serving").ValidateDataAnnotations().ValidateOnStart();

        // A postgresql:// store is served by Relearn.Postgres's AddRelearnPostgres(), which replaces these registrations.
        services.AddSingleton(sp => location.IsPostgres
            ? throw new InvalidOperationException("the metadata store is a PostgreSQL database: call AddRelearnPostgres() after AddRelearnCore()")
            : new SqliteMetadataStore(location.Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITrackingStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddSingleton<IDatasetCatalog>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddSingleton<IModelRegistryStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddSingleton<IPredictionStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        // An s3:// location is served by Relearn.S3's AddRelearnS3(), which replaces this registration.
        services.AddSingleton<IArtifactStore>(_ => location.IsS3
            ? throw new InvalidOperationException($"the artifact store is {location.Artifacts}: call AddRelearnS3() after AddRelearnCore()")
            : new LocalArtifactStore(location.Artifacts));

        services.AddSingleton<ModelTaskCatalog>();
        services.AddSingleton<TrialExecutors>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelExporter>();
        services.AddSingleton<Packages.ModelPackageBuilder>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<PredictionBatcher>();
        services.AddSingleton(sp => new AlertNotifier(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<ILogger<AlertNotifier>>()));
        services.AddRelearnWebhooks();
        services.AddRelearnPipelines();
        services.AddRelearnQuality();
        services.AddTextClassificationTask();
        services.AddSingleton(sp => new PredictionLog(location.PredictionLog, sp.GetRequiredService<ILogger<PredictionLog>>(), sp.GetRequiredService<IPredictionStore>()));
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<ValidationRecorder>();

        services.AddSingleton<ReferenceProfiles>();
        services.AddSingleton<IModelVersionObserver>(sp => sp.GetRequiredService<ReferenceProfiles>());
        services.AddSingleton<ModelMonitor>();

        services.AddRelearnRollout();
        return services;
    }
}
