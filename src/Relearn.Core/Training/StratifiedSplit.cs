namespace Relearn.Core.Training;

/// <summary>A seeded split that keeps each class's share the same in train and test.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Shuffles each class with <paramref name="seed"/> and sends <paramref name="testFraction"/> of it (at least one
    /// row) to test. The same rows, seed and fraction always give the same split.
    /// </summary>
    public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Split<T, TKey>(IReadOnlyList<T> rows, Func<T, TKey> label, double testFraction, int seed)
        where TKey : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(testFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1);
        var train = new List<T>();
        var test = new List<T>();
        var random = new Random(seed);
        foreach (var group in rows.GroupBy(label).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var testCount = Math.Clamp((int)Math.Round(members.Length * testFraction), 1, Math.Max(1, members.Length - 1));
            test.AddRange(members.Take(testCount));
            train.AddRange(members.Skip(testCount));
        }
        return (train, test);
    }
}
