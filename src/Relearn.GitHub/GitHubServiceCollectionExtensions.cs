using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Models;
using Relearn.Core.Pipelines;
using Relearn.Core.Training.Tuning.Distributed;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Ingest.Pipeline;
using Relearn.GitHub.IssueClose;
using Relearn.GitHub.IssueClose.Pipeline;
using Relearn.GitHub.Tasks.ReviewAssist;

namespace Relearn.GitHub;

/// <summary>Registers GitHub ingest and the GitHub-based model tasks.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>Adds the GitHub crawler and the issue-close task, the ingest and train-issue-close pipeline steps and the issue-close pipeline. Call after <c>AddRelearnCore</c>.</summary>
    public static IServiceCollection AddRelearnGitHub(this IServiceCollection services)
    {
        services.AddGitHubIngest();
        services.AddSingleton<IModelTask, IssueCloseTask>();
        services.AddSingleton<IssueCloseTraining>();
        services.AddSingleton<IssueFileImport>();
        services.AddPipelineStep<IngestStep>().AddPipelineStep<TrainIssueCloseStep>();
        services.AddBuiltInPipeline("issue-close", typeof(TrainIssueCloseStep).Assembly, "Relearn.Pipelines.issue-close.yaml");
        services.AddSingleton<IStudyObjective, IssueCloseStudyObjective>();
        services.AddReviewAssist();
        return services;
    }
}
