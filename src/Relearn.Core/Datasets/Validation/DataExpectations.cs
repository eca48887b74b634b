using System.Globalization;

namespace Relearn.Core.Datasets.Validation;

/// <summary>One checked expectation: what was expected, what was observed, and whether it held.</summary>
public sealed record ExpectationResult(string Expectation, bool Passed, string Expected, string Observed);

/// <summary>The outcome of an expectation suite on some data (the <c>validate</c> step's report).</summary>
/// <param name="Data">What was checked (file names or dataset id).</param>
/// <param name="Rows">Rows read.</param>
/// <param name="Results">Each expectation, in suite order.</param>
/// <param name="NullShare">Share of rows missing, null or empty in each expected column.</param>
/// <param name="ClassShare">Share of rows per label value, when a label column is named.</param>
public sealed record ValidationReport(string Data, int Rows, IReadOnlyList<ExpectationResult> Results,
    IReadOnlyDictionary<string, double> NullShare, IReadOnlyDictionary<string, double> ClassShare)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>The expectations that failed.</summary>
    public IEnumerable<ExpectationResult> Failures => Results.Where(r => !r.Passed);
}

/// <summary>
/// An expectation suite (Great Expectations' idea, kept small): columns present and filled (at most
/// <see cref="MaxNullShare"/> of rows missing, null or empty), a minimum row count, label values within a set, and
/// every class at least <see cref="MinClassShare"/> of the rows. An expectation left unset is not checked.
/// </summary>
public sealed record DataExpectations(IReadOnlyList<string> Columns, double MaxNullShare, int? MinRows, string? Label,
    IReadOnlyList<string> Labels, double? MinClassShare)
{
    /// <summary>Checks <paramref name="rows"/>.</summary>
    public ValidationReport Check(string data, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var results = new List<ExpectationResult>();
        if (MinRows is { } min)
        {
            results.Add(new("min_rows", rows.Count >= min, $">= {min} rows", $"{rows.Count} rows"));
        }
        var nullShare = Columns.ToDictionary(c => c, c => Share(rows, r => string.IsNullOrEmpty(r.GetValueOrDefault(c))), StringComparer.Ordinal);
        foreach (var (column, share) in nullShare)
        {
            results.Add(new($"column {column}", share <= MaxNullShare, $"null/empty share <= {Number(MaxNullShare)}", $"{Number(share)}"));
        }
        var classShare = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Label is { } label)
        {
            foreach (var group in rows.GroupBy(r => r.GetValueOrDefault(label) ?? "null", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                classShare[group.Key] = rows.Count == 0 ? 0 : (double)group.Count() / rows.Count;
            }
            if (Labels.Count > 0)
            {
                var unexpected = classShare.Keys.Where(k => !Labels.Contains(k)).ToList();
                results.Add(new($"labels {label}", unexpected.Count == 0, $"in {{{string.Join(", ", Labels)}}}",
                    unexpected.Count == 0 ? "all in the set" : $"unexpected {string.Join(", ", unexpected.Take(5))}"));
            }
            if (MinClassShare is { } floor)
            {
                var expected = Labels.Count > 0 ? Labels : (IReadOnlyList<string>)classShare.Keys.ToList();
                var smallest = expected.Count == 0 ? 0 : expected.Min(l => classShare.GetValueOrDefault(l));
                results.Add(new($"class balance {label}", smallest >= floor, $"every class >= {Number(floor)}", $"smallest {Number(smallest)}"));
            }
        }
        return new ValidationReport(data, rows.Count, results, nullShare, classShare);
    }

    private static double Share(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, Func<IReadOnlyDictionary<string, string?>, bool> predicate) =>
        rows.Count == 0 ? 0 : (double)rows.Count(predicate) / rows.Count;

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
