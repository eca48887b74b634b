using System.Text.RegularExpressions;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Features;

namespace Relearn.GitHub.Tasks.ReviewAssist.Comments;

/// <summary>
/// Past review comments, found by the code they were made on: Okapi BM25 (k1 1.2, b 0.75) over the code words of
/// the past hunks, changed lines counted twice; hunks in the same language first (another known language's score is
/// scaled by <see cref="CommentRanking.OtherLanguage"/>). The best few candidates are then re-ranked by how much each
/// agrees with the others (word overlap, weighted by similarity): a minimum-Bayes-risk choice that prefers what
/// several similar hunks' reviewers said over one reviewer's idiosyncratic remark.
/// </summary>
public sealed partial class CommentIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly IReadOnlyList<PastComment> _comments;
    private readonly List<Dictionary<string, int>> _termCounts;
    private readonly int[] _lengths;
    private readonly Dictionary<string, double> _idf;
    private readonly double _averageLength;
    private readonly HashSet<string>[] _bodyWords;

    /// <summary>Indexes past comments.</summary>
    public CommentIndex(IReadOnlyList<PastComment> comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        _comments = comments;
        _termCounts = comments.Select(c => Count(c.Tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        _lengths = _termCounts.Select(t => t.Values.Sum()).ToArray();
        _averageLength = _lengths.Length == 0 ? 1 : Math.Max(1, _lengths.Average());
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in _termCounts.SelectMany(t => t.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }
        var n = comments.Count;
        _idf = documentFrequency.ToDictionary(d => d.Key, d => Math.Log(1 + (n - d.Value + 0.5) / (d.Value + 0.5)), StringComparer.Ordinal);
        _bodyWords = comments.Select(c => Words(c.Body)).ToArray();
    }

    /// <summary>The indexed comments.</summary>
    public IReadOnlyList<PastComment> Comments => _comments;

    /// <summary>The code words a hunk is indexed and searched by: every line's words, changed lines' twice.</summary>
    public static string TokensOf(DiffHunk hunk)
    {
        ArgumentNullException.ThrowIfNull(hunk);
        return string.Join(' ', hunk.Lines.SelectMany(l => l.Kind == DiffLineKind.Context
            ? CodeTokens.Of(l.Text)
            : CodeTokens.Of(l.Text).Concat(CodeTokens.Of(l.Text))));
    }

    /// <summary>Up to <paramref name="count"/> distinct comments for a hunk, best first; <paramref name="exclude"/> skips one indexed entry (leave-one-out).</summary>
    public IReadOnlyList<CommentSuggestion> Suggest(DiffHunk hunk, string language, int count, CommentRanking ranking, int exclude = -1)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        if (_comments.Count == 0 || count <= 0)
        {
            return [];
        }
        var query = Count(TokensOf(hunk).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var scored = new List<(int Index, double Score)>(_comments.Count);
        for (var d = 0; d < _comments.Count; d++)
        {
            if (d == exclude)
            {
                continue;
            }
            var score = Bm25(query, d);
            var other = _comments[d].Language;
            if (language != "unknown" && other != "unknown" && other != language)
            {
                score *= ranking.OtherLanguage;
            }
            scored.Add((d, score));
        }
        var candidates = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(Math.Max(ranking.Candidates, count)).ToList();
        var top = Math.Max(candidates[0].Score, 1e-12);
        var ranked = candidates.Select(c =>
        {
            double agreement = 0, weight = 0;
            foreach (var other in candidates)
            {
                if (other.Index != c.Index)
                {
                    agreement += other.Score * Overlap(_bodyWords[c.Index], _bodyWords[other.Index]);
                    weight += other.Score;
                }
            }
            var consensus = weight > 0 ? agreement / weight : 0;
            return (c.Index, Score: (1 - ranking.Consensus) * (c.Score / top) + ranking.Consensus * consensus);
        }).OrderByDescending(c => c.Score).ThenBy(c => c.Index);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var suggestions = new List<CommentSuggestion>(count);
        foreach (var (index, score) in ranked)
        {
            if (seen.Add(_comments[index].Body.Trim()))
            {
                suggestions.Add(new CommentSuggestion(_comments[index].Body, Math.Round(Math.Clamp(score, 0, 1), 6), "retrieval"));
                if (suggestions.Count == count)
                {
                    break;
                }
            }
        }
        return suggestions;
    }

    private double Bm25(Dictionary<string, int> query, int document)
    {
        var terms = _termCounts[document];
        var norm = K1 * (1 - B + B * _lengths[document] / _averageLength);
        var score = 0.0;
        foreach (var term in query.Keys)
        {
            if (terms.TryGetValue(term, out var tf))
            {
                score += _idf[term] * tf * (K1 + 1) / (tf + norm);
            }
        }
        return score;
    }

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private static HashSet<string> Words(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Dice overlap of two comments' word sets.</summary>
    private static double Overlap(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);

    private static Dictionary<string, int> Count(IEnumerable<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return counts;
    }
}
