using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>Registers what a long-running process (<c>relearn serve</c>, <c>relearn worker</c>) needs to run pipelines by itself.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BackgroundPipelineRuns"/> (runs driven in the background, cancelled into <c>interrupted</c> on
    /// shutdown) and the <see cref="PipelineScheduler"/>, both as hosted services. Needs <c>AddRelearnPipelines</c>
    /// (part of <c>AddRelearnCore</c>) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddPipelineScheduler(this IServiceCollection services)
    {
        services.TryAddSingleton<BackgroundPipelineRuns>();
        services.TryAddSingleton<PipelineScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundPipelineRuns>());
        services.AddHostedService(sp => sp.GetRequiredService<PipelineScheduler>());
        return services;
    }
}
