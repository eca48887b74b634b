using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Models;
using Relearn.Core.Pipelines;
using Relearn.Core.Training.Tuning.Distributed;
using Relearn.GitHub.Tasks.IssueClose.Pipeline;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>Registers the issue-close task as one plug-in.</summary>
public static class IssueCloseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the task (its <see cref="IModelTask"/>, training and the study objective distributed trials run), its
    /// pipeline step <c>train-issue-close</c> and its built-in <c>issue-close</c> pipeline. Needs <c>AddRelearnCore</c>.
    /// </summary>
    public static IServiceCollection AddIssueCloseTask(this IServiceCollection services)
    {
        services.AddSingleton<IModelTask, IssueCloseTask>();
        services.AddSingleton<IssueCloseTraining>();
        services.AddSingleton<IStudyObjective, IssueCloseStudyObjective>();
        services.AddPipelineStep<TrainIssueCloseStep>();
        services.AddBuiltInPipeline("issue-close", typeof(TrainIssueCloseStep).Assembly, "Relearn.Pipelines.issue-close.yaml");
        return services;
    }
}
