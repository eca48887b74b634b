using System.Text.RegularExpressions;
using Relearn.Core;

namespace Relearn.GitHub.Tasks.ReviewAssist.Diffs;

/// <summary>
/// Reads a unified diff of many files (<c>git diff</c>, or GitHub's <c>application/vnd.github.diff</c>) into
/// <see cref="FileDiff"/>s. Hunk bodies are read by their header counts, so a removed line that reads <c>--- x</c>
/// is not mistaken for a file header. Binary patches are refused: there is no line to comment on.
/// </summary>
public static partial class UnifiedDiff
{
    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", RegexOptions.CultureInvariant)]
    private static partial Regex HunkHeader();

    /// <summary>Parses the diff; an empty, binary or malformed diff is an invalid-input error naming the file and line.</summary>
    public static IReadOnlyList<FileDiff> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        if (diff.Contains('\0', StringComparison.Ordinal))
        {
            throw RelearnException.Invalid("the diff is binary (it holds NUL bytes)");
        }
        var lines = diff.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var files = new List<FileDiff>();
        string? path = null;
        var inHunks = false;
        var hunkLines = new List<string>();
        void Flush()
        {
            if (path is not null && hunkLines.Count > 0)
            {
                files.Add(new FileDiff(path, DiffHunk.ParseAll(hunkLines.ToArray(), $"diff of {path}")));
            }
            hunkLines.Clear();
            inHunks = false;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Flush();
                path = GitPath(line);
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line == "GIT binary patch")
            {
                throw RelearnException.Invalid($"the diff has a binary patch{(path is null ? "" : $" for {path}")}; review-assist reads text diffs only");
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Length && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                Flush();
                var oldPath = HeaderPath(line[4..]);
                var newPath = HeaderPath(lines[i + 1][4..]);
                path = newPath ?? oldPath ?? path ?? throw RelearnException.Invalid("the diff has a file header without a path");
                i++;
            }
            else if (HunkHeader().Match(line) is { Success: true } match)
            {
                if (path is null)
                {
                    throw RelearnException.Invalid("the diff has a hunk before any file header (diff --git, or ---/+++)");
                }
                hunkLines.Add(line);
                inHunks = true;
                var oldLeft = match.Groups[2].Success ? int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : 1;
                var newLeft = match.Groups[4].Success ? int.Parse(match.Groups[4].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : 1;
                while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.Length)
                {
                    var body = lines[i + 1];
                    if (body.StartsWith('\\'))
                    {
                        i++;
                        continue;
                    }
                    if (body.StartsWith("diff --git ", StringComparison.Ordinal) || HunkHeader().IsMatch(body))
                    {
                        break; // a hunk cut short
                    }
                    var kind = body.Length == 0 ? ' ' : body[0];
                    oldLeft -= kind is ' ' or '-' ? 1 : 0;
                    newLeft -= kind is ' ' or '+' ? 1 : 0;
                    hunkLines.Add(body);
                    i++;
                }
            }
            else if (line.Length > 0 && inHunks && !line.StartsWith('\\'))
            {
                throw RelearnException.Invalid($"the diff of {path} has a line outside its hunks (more lines than a hunk header counts?): '{Shorten(line)}'");
            }
            else if (line.Length > 0 && path is null && files.Count == 0 && !IsGitMetadata(line))
            {
                throw RelearnException.Invalid($"not a unified diff: it starts with '{Shorten(line)}'");
            }
        }
        Flush();
        return files.Count > 0 ? files : throw RelearnException.Invalid("the diff has no hunks");
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";

    private static bool IsGitMetadata(string line) =>
        line.StartsWith("From ", StringComparison.Ordinal) || line.StartsWith("index ", StringComparison.Ordinal);

    private static string? GitPath(string line)
    {
        var b = line.LastIndexOf(" b/", StringComparison.Ordinal);
        return b >= 0 ? line[(b + 3)..] : null;
    }

    private static string? HeaderPath(string value)
    {
        var text = value.Split('\t')[0].Trim();
        if (text == "/dev/null")
        {
            return null;
        }
        return text.StartsWith("a/", StringComparison.Ordinal) || text.StartsWith("b/", StringComparison.Ordinal) ? text[2..] : text;
    }
}
