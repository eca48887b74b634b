using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relearn.Core.Models;
using Relearn.Core.Pipelines;
using Relearn.GitHub.Tasks.ReviewAssist.Generation;
using Relearn.GitHub.Tasks.ReviewAssist.Pipeline;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>Registers the review-assist task as one plug-in.</summary>
public static class ReviewAssistServiceCollectionExtensions
{
    /// <summary>Adds the review-assist model task, the optional comment generator, its training, the <c>train-review-assist</c> and <c>review-feedback</c> steps and the built-in <c>review-assist</c> pipeline.</summary>
    public static IServiceCollection AddReviewAssistTask(this IServiceCollection services)
    {
        services.AddOptions<ReviewAssistOptions>().BindConfiguration(ReviewAssistOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CommentGeneratorOptions>().BindConfiguration(CommentGeneratorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CommentGenerator>();
        services.AddSingleton<IModelTask, ReviewAssistTask>();
        services.AddSingleton<ReviewAssistTraining>();
        services.AddPipelineStep<TrainReviewAssistStep>();
        services.AddPipelineStep<ReviewFeedbackStep>();
        services.AddBuiltInPipeline(ReviewAssistTraining.Name, typeof(TrainReviewAssistStep).Assembly, "Relearn.Pipelines.review-assist.yaml");
        return services;
    }
}
