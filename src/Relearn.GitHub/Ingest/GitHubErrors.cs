using System.Net;
using Relearn.Core;

namespace Relearn.GitHub.Ingest;

/// <summary>Turns a final non-success GitHub response into a one-line <see cref="RelearnException"/>.</summary>
internal static class GitHubErrors
{
    public static RelearnException For(GitHubResponse response, GitHubRepository repository, string apiRoot) => response.Status switch
    {
        HttpStatusCode.NotFound => RelearnException.NotFound($"repository {repository} not found at {apiRoot}"),
        HttpStatusCode.Unauthorized => RelearnException.Invalid($"GitHub rejected the token ({Status(response, "Bad credentials")})"),
        _ when response.IsRateLimited => RelearnException.Invalid(
            $"GitHub is still rate limiting GET {response.Url} after {GitHubApiSession.MaxAttempts} tries ({Status(response, "rate limited")}); try again later"),
        _ when (int)response.Status >= 500 => RelearnException.Invalid(
            $"GitHub answered GET {response.Url} with {Status(response, "server error")} {GitHubApiSession.MaxAttempts} times; try again later"),
        HttpStatusCode.NotModified => RelearnException.Invalid($"GitHub answered 304 Not Modified to GET {response.Url}, which was not a conditional request"),
        _ => RelearnException.Invalid($"GitHub refused GET {response.Url} ({Status(response, "error")})"),
    };

    private static string Status(GitHubResponse response, string fallback) =>
        $"{(int)response.Status} {response.Message ?? response.ReasonPhrase ?? fallback}".ReplaceLineEndings(" ");
}
