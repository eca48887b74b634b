using System.Text.RegularExpressions;
using Relearn.Core.Tracking;

namespace Relearn.Server.Mlflow;

/// <summary>
/// artifacts/list over a run's recorded artifacts. The <c>path</c> is checked before anything else: MLflow had
/// path-traversal CVEs here (CVE-2023-1177, CVE-2023-6909, CVE-2024-1483), so any <c>..</c> segment, absolute
/// path, backslash, fragment or leftover percent-encoding is refused, never normalised.
/// </summary>
internal static partial class MlflowArtifactListing
{
    public sealed record Entry(string Path, bool IsDirectory, long Size);

    /// <summary>The directory to list, without leading or trailing slash ("" for the root).</summary>
    public static string ValidatePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }
        string? problem = null;
        if (path.Contains('\\'))
        {
            problem = "contains a backslash";
        }
        else if (path.Contains('#'))
        {
            problem = "contains a '#' fragment";
        }
        else if (PercentEncoded().IsMatch(path))
        {
            problem = "contains percent-encoding (such as %2F, %2E or %5C)";
        }
        else if (path.StartsWith('/') || path.StartsWith('~') || DriveLetter().IsMatch(path) || path.Contains("://", StringComparison.Ordinal))
        {
            problem = "is absolute";
        }
        else if (path.Split('/').Any(segment => segment is ".." or "."))
        {
            problem = "contains a '..' or '.' segment";
        }
        else if (path.Any(char.IsControl))
        {
            problem = "contains a control character";
        }
        return problem is null
            ? path.TrimEnd('/')
            : throw MlflowException.Invalid($"Invalid path '{path}': it {problem}; give a relative path inside the run's artifacts");
    }

    /// <summary>Direct children of <paramref name="directory"/>: files with sizes, and sub-directories once each.</summary>
    public static IReadOnlyList<Entry> List(IReadOnlyList<RunArtifact> artifacts, string directory)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        var entries = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            if (!artifact.Path.StartsWith(prefix, StringComparison.Ordinal) || artifact.Path.Length == prefix.Length)
            {
                continue;
            }
            var rest = artifact.Path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var entry = slash < 0
                ? new Entry(artifact.Path, false, artifact.Size)
                : new Entry(prefix + rest[..slash], true, 0);
            entries.TryAdd(entry.Path, entry);
        }
        return [.. entries.Values];
    }

    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentEncoded();

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
