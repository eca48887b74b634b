using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;

namespace Relearn.S3;

/// <summary>Registers the S3 artifact store.</summary>
public static class S3ServiceCollectionExtensions
{
    /// <summary>
    /// When the location given to <c>AddRelearnCore</c> names an <c>s3://bucket/prefix</c> artifact store, replaces
    /// the artifact store with an <see cref="S3ArtifactStore"/> (client from <see cref="S3ClientFactory"/> unless an
    /// <see cref="IAmazonS3"/> is already registered); otherwise changes nothing. Call after <c>AddRelearnCore</c>.
    /// </summary>
    public static IServiceCollection AddRelearnS3(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var location = services.LastOrDefault(d => d.ServiceType == typeof(RelearnLocation))?.ImplementationInstance as RelearnLocation
            ?? throw new InvalidOperationException("call AddRelearnCore(location) before AddRelearnS3()");
        if (!location.IsS3)
        {
            return services;
        }
        var options = new S3ArtifactStoreOptions { Location = location.S3Artifacts, SpoolFolder = Path.Combine(location.Home, "tmp") };
        services.TryAddSingleton<IAmazonS3>(_ => S3ClientFactory.Create());
        services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(sp => new S3ArtifactStore(
            sp.GetRequiredService<IAmazonS3>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3ArtifactStore>>())));
        return services;
    }
}
