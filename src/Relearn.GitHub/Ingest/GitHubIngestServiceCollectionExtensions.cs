using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Relearn.GitHub.Ingest;

/// <summary>Registers the GitHub issues crawler.</summary>
internal static class GitHubIngestServiceCollectionExtensions
{
    /// <summary>Adds <see cref="GitHubIssueCrawler"/>, <see cref="Pulls.GitHubPullCrawler"/> and their HTTP client. Needs the artifact store and dataset catalog of <c>AddRelearnCore</c>.</summary>
    public static IServiceCollection AddGitHubIngest(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(GitHubIssueCrawler.HttpClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(60);
                client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("relearn", null));
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
            })
            // Redirects are followed by the crawler, so the token survives a same-origin redirect (a renamed
            // repository) and never goes to another origin.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RedactLoggedHeaders(_ => true);
        services.AddSingleton<GitHubIssueCrawler>();
        services.AddSingleton<Pulls.GitHubPullCrawler>();
        return services;
    }
}
