using Relearn.Core;

namespace Relearn.GitHub.Ingest;

/// <summary>What to sync: a repository's issues from a GitHub API.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="ApiUrl">The REST API root: <c>https://api.github.com</c>, or <c>https://HOST/api/v3</c> for GitHub Enterprise Server.</param>
/// <param name="Token">Sent as <c>Authorization: Bearer</c>; null crawls unauthenticated (60 requests an hour).</param>
/// <param name="Full">Crawl every issue again instead of only those updated since the last completed sync.</param>
public sealed record IssueSyncRequest(GitHubRepository Repository, Uri ApiUrl, GitHubToken? Token = null, bool Full = false)
{
    /// <summary>The public GitHub API.</summary>
    public const string DefaultApiUrl = "https://api.github.com";

    /// <summary>The API root without a trailing slash, as stored in checkpoints and dataset sources.</summary>
    public string ApiRoot => ApiUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>Parses an absolute http(s) API root; anything else is an <see cref="RelearnErrorKind.InvalidInput"/> error.</summary>
    public static Uri ParseApiUrl(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw RelearnException.Invalid($"'{value}' is not a GitHub API URL: use {DefaultApiUrl} or https://HOST/api/v3");
        }
        return uri;
    }
}
