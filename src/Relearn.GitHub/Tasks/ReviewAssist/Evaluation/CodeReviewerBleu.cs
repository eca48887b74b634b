using System.Reflection;
using System.Text.RegularExpressions;

namespace Relearn.GitHub.Tasks.ReviewAssist.Evaluation;

/// <summary>
/// BLEU-4 of review comments exactly as CodeReviewer's evaluation computes it: <c>bleu_fromstr(predictions, golds,
/// rmstop=True)</c> of <c>CodeReviewer/code/evaluator/smooth_bleu.py</c> (microsoft/CodeBERT, MIT) — nltk's
/// <c>wordpunct_tokenize</c>, CodeReviewer's stop words dropped (case-sensitively, before lower-casing), lower-cased and
/// split at punctuation, then MOSES/NIST normalization and smoothed sentence BLEU-4 (add-one on 2..4-grams, shortest
/// reference length for the brevity penalty) averaged over sentences, ×100. Checked against the Python original's
/// values in ReviewBleuTests (bench/review-assist/bleu_reference.py).
/// </summary>
public static partial class CodeReviewerBleu
{
    private const int N = 4;

    /// <summary>Python's <c>sys.float_info.min</c>, added inside the logarithms as the original does.</summary>
    private const double FloatMin = 2.2250738585072014E-308;

    private static readonly Lazy<HashSet<string>> StopWords = new(LoadStopWords);

    // Python's \w on str is [letters, numbers, _] (str.isalnum() or '_'); .NET's \w differs (marks, connectors), so spelt out.
    [GeneratedRegex(@"[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPunct();

    [GeneratedRegex(@"[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]", RegexOptions.CultureInvariant)]
    private static partial Regex SplitPuncts();

    [GeneratedRegex(@"([\u007B-\u007E\u005B-\u0060\u0020-\u0026\u0028-\u002B\u003A-\u0040/])", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"([^0-9])([\.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodAfterNonDigit();

    [GeneratedRegex(@"([\.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();

    /// <summary>The score <c>bleu_fromstr</c> returns (rounded to 2 places, half to even like Python's <c>round</c>).</summary>
    public static double Score(IReadOnlyList<string> predictions, IReadOnlyList<string> golds) =>
        Math.Round(ScoreUnrounded(predictions, golds), 2, MidpointRounding.ToEven);

    /// <summary>The same average before rounding.</summary>
    public static double ScoreUnrounded(IReadOnlyList<string> predictions, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(golds);
        ArgumentOutOfRangeException.ThrowIfNotEqual(predictions.Count, golds.Count);
        if (predictions.Count == 0)
        {
            return double.NaN; // the original divides by zero
        }
        var total = 0.0;
        for (var i = 0; i < predictions.Count; i++)
        {
            total += Sentence(Prepare(predictions[i]), Prepare(golds[i]));
        }
        return total * 100.0 / predictions.Count;
    }

    /// <summary>One text as computeMaps leaves it: word-punct tokens without stop words, lower-cased, split at punctuation.</summary>
    private static string Prepare(string text)
    {
        var tokens = string.Join(' ', WordPunct().Matches(text).Select(m => m.Value));
        var kept = string.Join(' ', tokens.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !StopWords.Value.Contains(w)));
        return string.Join(' ', SplitPuncts().Matches(kept.Trim().ToLowerInvariant()).Select(m => m.Value));
    }

    /// <summary>Smoothed sentence BLEU-4 of one candidate against one reference (<c>bleu(refs, candidate)[0]</c>).</summary>
    private static double Sentence(string candidate, string reference)
    {
        var refWords = Normalize(reference);
        var testWords = Normalize(candidate);
        var refCounts = CountNgrams(refWords);
        var correct = new int[N];
        foreach (var (ngram, count) in CountNgrams(testWords))
        {
            correct[ngram.Count(c => c == '\u0001')] += Math.Min(refCounts.GetValueOrDefault(ngram), count);
        }
        var logBleu = 0.0;
        for (var k = 0; k < N; k++)
        {
            var guess = Math.Max(testWords.Length - k, 0);
            var smooth = k > 0 ? 1 : 0;
            logBleu += Math.Log(correct[k] + smooth + FloatMin) - Math.Log(guess + smooth + FloatMin);
        }
        logBleu /= N;
        var brevityPenalty = Math.Min(0, 1 - (refWords.Length + 1.0) / (testWords.Length + 1.0));
        return Math.Exp(logBleu + brevityPenalty);
    }

    /// <summary>NIST mteval-v11a normalization as smooth_bleu.py's <c>normalize</c> does it.</summary>
    private static string[] Normalize(string text)
    {
        var s = text.Replace("<skipped>", "", StringComparison.Ordinal).Replace("-\n", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        s = s.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
        s = " " + s + " ";
        s = s.ToLowerInvariant();
        s = Punctuation().Replace(s, " $1 ");
        s = PeriodAfterNonDigit().Replace(s, "$1 $2 ");
        s = PeriodBeforeNonDigit().Replace(s, " $1 $2");
        s = DashAfterDigit().Replace(s, "$1 $2 ");
        return s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>n-grams of 1..4 words, keyed by the words joined with U+0001 (so the key's separator count is n-1).</summary>
    private static Dictionary<string, int> CountNgrams(string[] words)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 1; k <= N; k++)
        {
            for (var i = 0; i + k <= words.Length; i++)
            {
                var key = string.Join('\u0001', words, i, k);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts;
    }

    private static HashSet<string> LoadStopWords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Relearn.GitHub.Tasks.ReviewAssist.codereviewer-stopwords.txt")
            ?? throw new InvalidOperationException("the CodeReviewer stop word list is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(w => w.Trim()).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
    }
}
