using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines;
using Relearn.GitHub.Bot;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Ingest.Pipeline;
using Relearn.GitHub.Tasks.IssueClose;
using Relearn.GitHub.Tasks.ReviewAssist;

namespace Relearn.GitHub;

/// <summary>Registers GitHub ingest and the GitHub-based model tasks.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>Adds the GitHub crawler, the ingest pipeline step and the GitHub-based tasks (each registered by its own <c>AddXxxTask</c>). Call after <c>AddRelearnCore</c>.</summary>
    public static IServiceCollection AddRelearnGitHub(this IServiceCollection services)
    {
        services.AddGitHubIngest();
        services.AddSingleton<IssueFileImport>();
        services.AddPipelineStep<IngestStep>();
        services.AddIssueCloseTask();
        services.AddReviewAssistTask();
        services.AddOptions<ReviewBotOptions>().BindConfiguration(ReviewBotOptions.Section);
        services.AddSingleton<PullRequestReviewer>();
        return services;
    }
}
