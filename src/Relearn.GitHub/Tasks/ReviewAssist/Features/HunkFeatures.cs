using System.Text.RegularExpressions;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Tasks.ReviewAssist.Features;

/// <summary>A hunk as a sparse feature vector: dense features first (sizes, language, file kind, static signals), then hashed tokens.</summary>
/// <param name="Indices">Feature indices, ascending.</param>
/// <param name="Values">Feature values, raw (the model standardizes the dense part).</param>
public sealed record SparseVector(int[] Indices, double[] Values);

/// <summary>
/// The location model's features of a hunk. Dense: languages, file kinds, sizes and shapes of the change, counts of
/// each <see cref="LineSignals"/> signal on added lines, and whether code changes without tests. Sparse: the words of
/// added lines (<c>+word</c>) and of removed lines (<c>-word</c>) hashed into <see cref="TokenBuckets"/> buckets.
/// </summary>
public static partial class HunkFeatures
{
    /// <summary>Languages with a column of their own; others share <c>unknown</c>.</summary>
    public static readonly IReadOnlyList<string> KnownLanguages = ["go", "py", "rb", "c", "cpp", "js", "cs", "java", "php", "unknown"];

    private static readonly IReadOnlyList<string> Shape =
    [
        "added_log", "removed_log", "context_log", "added_share", "pure_addition", "pure_deletion", "max_length_log",
        "whitespace_only", "comment_only", "has_section", "declaration_added", "start_log", "signal_removed",
        "tests_unknown", "code_without_tests",
    ];

    /// <summary>Names of the dense features, in order.</summary>
    public static readonly IReadOnlyList<string> DenseNames =
    [
        .. KnownLanguages.Select(l => "lang_" + l),
        .. FileKind.Names.Select(k => "kind_" + k),
        .. Shape,
        .. LineSignals.Names.Select(s => "signal_" + s),
    ];

    /// <summary>Number of dense features.</summary>
    public static int Dense => DenseNames.Count;

    /// <summary>Hash buckets of the token part.</summary>
    public const int TokenBuckets = 1 << 15;

    /// <summary>Width of a feature vector.</summary>
    public static int Width => Dense + TokenBuckets;

    [GeneratedRegex(@"^\s*(//|#|/\*|\*|--|""""""|<!--)", RegexOptions.CultureInvariant)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^\s*(public|private|protected|internal|export|func|def|class|interface|struct|fn|static|async)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();

    /// <summary>Featurizes a hunk; <paramref name="removedTokens"/> says whether removed lines' words are features too.</summary>
    public static SparseVector Of(DiffHunk hunk, HunkContext context, bool removedTokens)
    {
        ArgumentNullException.ThrowIfNull(hunk);
        ArgumentNullException.ThrowIfNull(context);
        var dense = new double[Dense];
        var at = 0;
        var language = KnownLanguages.Contains(context.Language) ? context.Language : "unknown";
        foreach (var l in KnownLanguages)
        {
            dense[at++] = l == language ? 1 : 0;
        }
        var kind = FileKind.Of(context.Path, hunk.Text);
        foreach (var k in FileKind.Names)
        {
            dense[at++] = k == kind ? 1 : 0;
        }
        var added = hunk.Added.ToList();
        var removed = hunk.Removed.ToList();
        var contextLines = hunk.Lines.Count - added.Count - removed.Count;
        var changed = added.Concat(removed).ToList();
        dense[at++] = Math.Log(1 + added.Count);
        dense[at++] = Math.Log(1 + removed.Count);
        dense[at++] = Math.Log(1 + contextLines);
        dense[at++] = changed.Count == 0 ? 0 : (double)added.Count / changed.Count;
        dense[at++] = removed.Count == 0 && added.Count > 0 ? 1 : 0;
        dense[at++] = added.Count == 0 && removed.Count > 0 ? 1 : 0;
        dense[at++] = Math.Log(1 + changed.Select(l => l.Text.Length).DefaultIfEmpty(0).Max());
        dense[at++] = changed.Count > 0 && Squeezed(added).SequenceEqual(Squeezed(removed)) ? 1 : 0;
        dense[at++] = changed.Count > 0 && changed.All(l => l.Text.Trim().Length == 0 || CommentLine().IsMatch(l.Text)) ? 1 : 0;
        dense[at++] = hunk.Header.IndexOf("@@", 2, StringComparison.Ordinal) is var end && end > 0 && hunk.Header[(end + 2)..].Trim().Length > 0 ? 1 : 0;
        dense[at++] = added.Any(l => Declaration().IsMatch(l.Text)) ? 1 : 0;
        dense[at++] = Math.Log(1 + hunk.NewStart);
        dense[at++] = removed.Any(l => LineSignals.Of(l.Text).Take(4).Any(s => s > 0)) ? 1 : 0;
        dense[at++] = context.ChangeTouchesTests is null ? 1 : 0;
        dense[at++] = context.ChangeTouchesTests == false && kind == "code" && added.Count > 0 ? 1 : 0;
        var signals = new double[LineSignals.Names.Count];
        foreach (var line in added)
        {
            var s = LineSignals.Of(line.Text);
            for (var i = 0; i < s.Length; i++)
            {
                signals[i] += s[i];
            }
        }
        foreach (var s in signals)
        {
            dense[at++] = Math.Log(1 + s);
        }

        var tokens = new SortedSet<int>();
        foreach (var line in added)
        {
            AddTokens(tokens, '+', line.Text);
        }
        if (removedTokens)
        {
            foreach (var line in removed)
            {
                AddTokens(tokens, '-', line.Text);
            }
        }
        var indices = new int[Dense + tokens.Count];
        var values = new double[indices.Length];
        for (var i = 0; i < Dense; i++)
        {
            indices[i] = i;
            values[i] = dense[i];
        }
        var j = Dense;
        foreach (var token in tokens)
        {
            indices[j] = token;
            values[j++] = 1;
        }
        return new SparseVector(indices, values);
    }

    /// <summary>The token feature indices of one line (for choosing which line of a hunk to comment on).</summary>
    public static IEnumerable<int> TokenIndices(char side, string text)
    {
        var set = new SortedSet<int>();
        AddTokens(set, side, text);
        return set;
    }

    private static void AddTokens(SortedSet<int> into, char side, string text)
    {
        foreach (var token in CodeTokens.Of(text))
        {
            into.Add(Dense + (int)(CodeTokens.Hash(side + token) % TokenBuckets));
        }
    }

    private static IEnumerable<string> Squeezed(IEnumerable<DiffLine> lines) =>
        lines.Select(l => string.Concat(l.Text.Where(c => !char.IsWhiteSpace(c)))).Where(s => s.Length > 0);
}
