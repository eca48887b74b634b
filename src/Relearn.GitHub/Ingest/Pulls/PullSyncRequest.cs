namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>What to sync: a repository's pull requests, their changed files and review comments.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="ApiUrl">The REST API root (<see cref="IssueSyncRequest.ParseApiUrl"/>): api.github.com or <c>https://HOST/api/v3</c>.</param>
/// <param name="Token">Sent as <c>Authorization: Bearer</c>; null crawls unauthenticated.</param>
/// <param name="Full">Fetch every pull request's files and comments again instead of only those updated since the last sync.</param>
/// <param name="Limit">At most this many pull requests (the most recently updated) per sync; null for all.</param>
public sealed record PullSyncRequest(GitHubRepository Repository, Uri ApiUrl, GitHubToken? Token = null, bool Full = false, int? Limit = null)
{
    /// <summary>The API root without a trailing slash, as stored in checkpoints and dataset sources.</summary>
    public string ApiRoot => ApiUrl.AbsoluteUri.TrimEnd('/');
}
