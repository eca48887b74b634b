using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Models;
using Relearn.Core.Pipelines;
using Relearn.Core.Tasks.TextClassification.Pipeline;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>Registers the text-classification (sentiment) task as one plug-in.</summary>
public static class TextClassificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the task (its <see cref="IModelTask"/>, training and tuning), its pipeline steps <c>train</c> and
    /// <c>tune</c> and its built-in <c>sentiment</c> pipeline. Needs <c>AddRelearnPipelines</c>.
    /// </summary>
    public static IServiceCollection AddTextClassificationTask(this IServiceCollection services)
    {
        services.AddSingleton<IModelTask, TextClassificationTask>();
        services.AddSingleton<TextClassificationTraining>();
        services.AddSingleton<TextClassificationTuning>();
        services.AddPipelineStep<TrainStep>().AddPipelineStep<TuneStep>();
        services.AddBuiltInPipeline("sentiment", typeof(TrainStep).Assembly, "Relearn.Pipelines.sentiment.yaml");
        return services;
    }
}
