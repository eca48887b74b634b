using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Metadata;

namespace Relearn.Core.Rollout;

/// <summary>Registers rollouts and retraining policies.</summary>
public static class RolloutServiceCollectionExtensions
{
    /// <summary>
    /// Adds the rollout store (the SQLite store; Relearn.Postgres replaces it), the service, the router and the retraining
    /// loop. <see cref="RolloutController"/>, which drives them, is added by the server (<see cref="AddRolloutController"/>).
    /// </summary>
    public static IServiceCollection AddRelearnRollout(this IServiceCollection services)
    {
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.Section);
        services.AddSingleton<IRolloutStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddSingleton<RolloutService>();
        services.AddSingleton<RolloutRouter>();
        services.AddSingleton<FeedbackDataset>();
        services.AddSingleton<RetrainingLoop>();
        return services;
    }

    /// <summary>Runs rollouts and retraining policies in this process (what <c>relearn serve</c> does).</summary>
    public static IServiceCollection AddRolloutController(this IServiceCollection services)
    {
        services.AddSingleton<RolloutController>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutController>());
        return services;
    }
}
