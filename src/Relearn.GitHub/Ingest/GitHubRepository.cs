using Relearn.Core;

namespace Relearn.GitHub.Ingest;

/// <summary>A repository on GitHub or GitHub Enterprise, written <c>OWNER/NAME</c>.</summary>
/// <param name="Owner">The user or organization.</param>
/// <param name="Name">The repository name.</param>
public sealed record GitHubRepository(string Owner, string Name)
{
    /// <summary>Parses <c>OWNER/NAME</c>; anything else is an <see cref="RelearnErrorKind.InvalidInput"/> error.</summary>
    public static GitHubRepository Parse(string? value)
    {
        var parts = (value ?? "").Trim().Split('/');
        if (parts.Length != 2 || !IsValidPart(parts[0]) || !IsValidPart(parts[1]))
        {
            throw RelearnException.Invalid($"'{value}' is not a repository: use OWNER/NAME, e.g. octocat/hello-world");
        }
        return new GitHubRepository(parts[0], parts[1]);
    }

    /// <summary>The dataset the issues are registered under; lower case, because GitHub names are case-insensitive.</summary>
    public string DatasetName => Dataset("issues");

    /// <summary>The dataset name of one of the repository's tables (<c>issues</c>, <c>pulls</c>, <c>review-hunks</c>, ...), lower case.</summary>
    public string Dataset(string table) => $"github/{Owner.ToLowerInvariant()}/{Name.ToLowerInvariant()}/{table}";

    /// <summary>The artifact-store reference of the crawl checkpoint.</summary>
    public string CheckpointReference => $"{DatasetName}/checkpoint";

    /// <summary><c>OWNER/NAME</c>.</summary>
    public override string ToString() => $"{Owner}/{Name}";

    // GitHub allows letters, digits, '-', '_' and '.'; "." and ".." would walk the URL path.
    private static bool IsValidPart(string part) =>
        part.Length is > 0 and <= 100 && part is not "." and not ".." &&
        part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
