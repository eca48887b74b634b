using Microsoft.Extensions.DependencyInjection;

namespace Relearn.GitHub;

/// <summary>Registers GitHub ingest and the GitHub-based model tasks.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>Adds the GitHub crawler and the issue-close task. Call after <c>AddRelearnCore</c>.</summary>
    public static IServiceCollection AddRelearnGitHub(this IServiceCollection services)
    {
        return services;
    }
}
