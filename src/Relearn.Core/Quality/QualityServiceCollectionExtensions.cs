using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines;
using Relearn.Core.Quality.Steps;

namespace Relearn.Core.Quality;

/// <summary>Registers the quality part: records, checks, the ML Test Score and the <c>check</c> and <c>score</c> steps.</summary>
public static class QualityServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ModelQuality"/>, <see cref="QualityRecords"/> and the quality pipeline steps.</summary>
    public static IServiceCollection AddRelearnQuality(this IServiceCollection services)
    {
        services.AddSingleton<QualityRecords>();
        services.AddSingleton<ModelQuality>();
        return services.AddPipelineStep<CheckStep>().AddPipelineStep<ScoreStep>();
    }
}
