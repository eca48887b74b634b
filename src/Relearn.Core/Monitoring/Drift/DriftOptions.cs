namespace Relearn.Core.Monitoring.Drift;

/// <summary>Choices for a drift check; every default is Evidently's.</summary>
public sealed record DriftOptions
{
    /// <summary>A test per column instead of the default choice (<c>--stattest COL=NAME</c>).</summary>
    public IReadOnlyDictionary<string, string> StatTests { get; init; } = new Dictionary<string, string>();

    /// <summary>A threshold per column instead of the test's default (<c>--threshold COL=X</c>).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>A threshold for every column without its own (<c>--threshold X</c>).</summary>
    public double? Threshold { get; init; }

    /// <summary>The share of drifted columns from which the dataset counts as drifted.</summary>
    public double DriftShare { get; init; } = 0.5;

    /// <summary>Fewer values than this on either side of a column gives "not enough data" instead of a test.</summary>
    public int MinimumRows { get; init; } = 1;

    /// <summary>Checks that every named column and test exists and fits the column's kind.</summary>
    public void Validate(IReadOnlyDictionary<string, ColumnKind> columns)
    {
        foreach (var (column, testName) in StatTests)
        {
            if (!columns.TryGetValue(column, out var kind))
            {
                throw RelearnException.Invalid($"--stattest names column '{column}', which is not in the data");
            }
            if (!StatTest.All.TryGetValue(testName, out var test))
            {
                throw RelearnException.Invalid($"unknown stat test '{testName}'; known: {string.Join(", ", StatTest.All.Keys)}");
            }
            if (!test.Kinds.Contains(kind))
            {
                throw RelearnException.Invalid($"stat test '{testName}' does not apply to {kind.ToString().ToLowerInvariant()} column '{column}'");
            }
        }
        foreach (var column in Thresholds.Keys)
        {
            if (!columns.ContainsKey(column))
            {
                throw RelearnException.Invalid($"--threshold names column '{column}', which is not in the data");
            }
        }
    }
}
