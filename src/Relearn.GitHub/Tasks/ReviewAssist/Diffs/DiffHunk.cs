using System.Globalization;
using System.Text.RegularExpressions;
using Relearn.Core;

namespace Relearn.GitHub.Tasks.ReviewAssist.Diffs;

/// <summary>One <c>@@ -a,b +c,d @@</c> hunk of a unified diff, its lines numbered as GitHub numbers them.</summary>
public sealed partial class DiffHunk
{
    private DiffHunk(string header, int oldStart, int newStart, IReadOnlyList<DiffLine> lines)
    {
        Header = header;
        OldStart = oldStart;
        NewStart = newStart;
        Lines = lines;
    }

    /// <summary>The <c>@@ ... @@</c> line, with the section heading after it.</summary>
    public string Header { get; }

    /// <summary>First line of the hunk in the old file.</summary>
    public int OldStart { get; }

    /// <summary>First line of the hunk in the new file.</summary>
    public int NewStart { get; }

    /// <summary>The hunk's lines in order.</summary>
    public IReadOnlyList<DiffLine> Lines { get; }

    /// <summary>The added lines.</summary>
    public IEnumerable<DiffLine> Added => Lines.Where(l => l.Kind == DiffLineKind.Added);

    /// <summary>The removed lines.</summary>
    public IEnumerable<DiffLine> Removed => Lines.Where(l => l.Kind == DiffLineKind.Removed);

    /// <summary>The hunk as patch text, header first.</summary>
    public string Text => Header + "\n" + string.Join("\n", Lines.Select(l => l.Kind switch
    {
        DiffLineKind.Added => "+" + l.Text,
        DiffLineKind.Removed => "-" + l.Text,
        _ => " " + l.Text,
    }));

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();

    /// <summary>
    /// Parses one hunk (CodeReviewer's <c>patch</c> field, or a hunk of a GitHub file patch). Hunks cut short — fewer
    /// lines than the header counts, as CodeReviewer's samples and GitHub's truncated patches are — are kept as far as
    /// they go; a text without a valid header, or with more lines than the header counts, is an invalid-input error.
    /// </summary>
    public static DiffHunk Parse(string patch, string what = "patch")
    {
        ArgumentNullException.ThrowIfNull(patch);
        var lines = patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("@@", StringComparison.Ordinal));
        if (start < 0)
        {
            throw RelearnException.Invalid($"the {what} has no @@ hunk header");
        }
        var hunks = ParseAll(lines.AsSpan(start), what);
        if (hunks.Count != 1)
        {
            throw RelearnException.Invalid($"the {what} must hold one hunk, not {hunks.Count}; send many as \"diff\"");
        }
        return hunks[0];
    }

    /// <summary>Parses the hunks of one file's patch (lines from the first <c>@@</c> on).</summary>
    internal static List<DiffHunk> ParseAll(ReadOnlySpan<string> lines, string what)
    {
        var hunks = new List<DiffHunk>();
        var i = 0;
        while (i < lines.Length)
        {
            var header = lines[i];
            var match = HeaderPattern().Match(header);
            if (!match.Success)
            {
                if (header.Length == 0 && i == lines.Length - 1)
                {
                    break; // the newline that ends the text
                }
                throw RelearnException.Invalid($"the {what} has a malformed hunk header or a line outside a hunk: '{Shorten(header)}'");
            }
            int oldStart = Number(match.Groups[1]), oldCount = Count(match.Groups[2]);
            int newStart = Number(match.Groups[3]), newCount = Count(match.Groups[4]);
            int oldLine = oldStart, newLine = newStart, oldLeft = oldCount, newLeft = newCount;
            var body = new List<DiffLine>();
            i++;
            while (i < lines.Length && !lines[i].StartsWith("@@", StringComparison.Ordinal))
            {
                var line = lines[i];
                if (line.StartsWith('\\'))
                {
                    i++; // "\ No newline at end of file"
                    continue;
                }
                if (line.Length == 0 && (i == lines.Length - 1 || (oldLeft == 0 && newLeft == 0)))
                {
                    i++;
                    continue;
                }
                var kind = line.Length == 0 ? DiffLineKind.Context : line[0] switch
                {
                    '+' => DiffLineKind.Added,
                    '-' => DiffLineKind.Removed,
                    ' ' => DiffLineKind.Context,
                    _ => throw RelearnException.Invalid($"the {what} has a line that is not ' ', '+' or '-' inside a hunk: '{Shorten(line)}'"),
                };
                var text = line.Length == 0 ? "" : line[1..];
                switch (kind)
                {
                    case DiffLineKind.Added when newLeft > 0:
                        body.Add(new DiffLine(kind, text, null, newLine++));
                        newLeft--;
                        break;
                    case DiffLineKind.Removed when oldLeft > 0:
                        body.Add(new DiffLine(kind, text, oldLine++, null));
                        oldLeft--;
                        break;
                    case DiffLineKind.Context when oldLeft > 0 && newLeft > 0:
                        body.Add(new DiffLine(kind, text, oldLine++, newLine++));
                        oldLeft--;
                        newLeft--;
                        break;
                    default:
                        throw RelearnException.Invalid($"the {what} has more lines than its header '{Shorten(header)}' counts");
                }
                i++;
            }
            hunks.Add(new DiffHunk(header, oldStart, newStart, body));
        }
        return hunks;
    }

    private static int Number(Group group) =>
        int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw RelearnException.Invalid("a hunk header has a line number out of range");

    private static int Count(Group group) => group.Success ? Number(group) : 1;

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";
}
