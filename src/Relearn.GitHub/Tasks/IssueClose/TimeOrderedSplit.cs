namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// Splits by time, never at random: the newest share of issues is the test set, and validation folds
/// inside the older part are expanding windows (train on everything before a chunk, validate on the chunk).
/// </summary>
public static class TimeOrderedSplit
{
    /// <summary>(older, newer) by <c>created_at</c>, then number.</summary>
    public static (IReadOnlyList<IssueCloseExample> Train, IReadOnlyList<IssueCloseExample> Test) Split(IReadOnlyList<IssueCloseExample> examples, double testFraction)
    {
        var ordered = examples.OrderBy(e => e.CreatedAt).ThenBy(e => e.Number).ToList();
        var testCount = Math.Clamp((int)Math.Round(ordered.Count * testFraction), 1, ordered.Count - 1);
        return (ordered[..^testCount], ordered[^testCount..]);
    }

    /// <summary>
    /// <paramref name="folds"/> expanding windows over time-ordered <paramref name="train"/>: it is cut into
    /// folds + 2 chunks, and fold k (from 0) trains on chunks 0..k+1 and validates on chunk k+2.
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<IssueCloseExample> Train, IReadOnlyList<IssueCloseExample> Valid)> Folds(IReadOnlyList<IssueCloseExample> train, int folds)
    {
        var ordered = train.OrderBy(e => e.CreatedAt).ThenBy(e => e.Number).ToList();
        var chunks = folds + 2;
        int Boundary(int chunk) => (int)Math.Round((double)ordered.Count * chunk / chunks);
        return Enumerable.Range(0, folds)
            .Select(k => ((IReadOnlyList<IssueCloseExample>)ordered[..Boundary(k + 2)], (IReadOnlyList<IssueCloseExample>)ordered[Boundary(k + 2)..Boundary(k + 3)]))
            .ToList();
    }
}
