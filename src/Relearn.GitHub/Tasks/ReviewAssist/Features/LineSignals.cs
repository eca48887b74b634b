using System.Text.RegularExpressions;

namespace Relearn.GitHub.Tasks.ReviewAssist.Features;

/// <summary>
/// Cheap static signals reviewers react to, read from one changed line. Patterns cover the languages in
/// CodeReviewer's data (go, java, py, cs, rb, js, c, cpp, php); a line in another language simply matches fewer.
/// </summary>
public static partial class LineSignals
{
    /// <summary>Signal names, in feature order.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["todo", "debug_print", "commented_out_code", "broad_catch", "magic_number", "long_line", "trailing_whitespace", "suppression", "string_literal"];

    /// <summary>The number of columns over which a line counts as long.</summary>
    public const int LongLine = 100;

    [GeneratedRegex(@"\b(TODO|FIXME|XXX|HACK)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Todo();

    [GeneratedRegex(@"console\.(log|debug)\s*\(|\bprint(ln)?\s*\(|fmt\.Print|System\.(out|err)\.print|Console\.Write|\bprintf\s*\(|var_dump\s*\(|\bputs\s|\bpp\s|\bdebugger\b|std::cout|\bdump\s*\(|log\.Print", RegexOptions.CultureInvariant)]
    private static partial Regex DebugPrint();

    [GeneratedRegex(@"^\s*(//|#(?!include|define|if|endif|pragma|!)|/\*|\*)\s*.*([;{}]\s*$|\w+\s*\(.*\)\s*;?\s*$|\b(if|for|return|var|let|const|def|func)\b.*[=(])", RegexOptions.CultureInvariant)]
    private static partial Regex CommentedOutCode();

    [GeneratedRegex(@"catch\s*\(\s*(Exception|Throwable|\.\.\.|java\.lang\.Exception|System\.Exception)\b[^)]*\)|catch\s*\(\s*\.\.\.\s*\)|\bexcept\s*:|\bexcept\s+(Exception|BaseException)\b|\brescue\s*(=>|$|Exception\b)|\brecover\s*\(\s*\)|catch\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex BroadCatch();

    [GeneratedRegex(@"(?<![\w.])(?!(?:0|1|2|-1|10|100)\b)\d{2,}(\.\d+)?\b|(?<![\w.])[3-9]\b(?!\s*[\]\.])", RegexOptions.CultureInvariant)]
    private static partial Regex MagicNumber();

    [GeneratedRegex(@"^\s*(const|final|static final|#define|enum)\b|\b[A-Z][A-Z0-9_]{2,}\s*[:=]", RegexOptions.CultureInvariant)]
    private static partial Regex ConstantDeclaration();

    [GeneratedRegex(@"@SuppressWarnings|#pragma warning|//\s*nolint|#\s*noqa|eslint-disable|@ts-ignore|rubocop:disable|NOLINT|pylint:\s*disable", RegexOptions.CultureInvariant)]
    private static partial Regex Suppression();

    [GeneratedRegex("\"[^\"]{3,}\"|'[^']{3,}'", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();

    /// <summary>Which signals the line shows (1) and which not (0), in <see cref="Names"/> order.</summary>
    public static double[] Of(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var commentedOut = CommentedOutCode().IsMatch(line);
        return
        [
            Todo().IsMatch(line) ? 1 : 0,
            !commentedOut && DebugPrint().IsMatch(line) ? 1 : 0,
            commentedOut ? 1 : 0,
            BroadCatch().IsMatch(line) ? 1 : 0,
            !commentedOut && !ConstantDeclaration().IsMatch(line) && MagicNumber().IsMatch(StringLiteral().Replace(line, "\"\"")) ? 1 : 0,
            line.Replace("\t", "    ", StringComparison.Ordinal).Length > LongLine ? 1 : 0,
            line.Length > 0 && line.Trim().Length > 0 && char.IsWhiteSpace(line[^1]) ? 1 : 0,
            Suppression().IsMatch(line) ? 1 : 0,
            StringLiteral().IsMatch(line) ? 1 : 0,
        ];
    }
}
