using System.Text.Json.Serialization;

namespace Relearn.Core.Quality.TestScore;

/// <summary>How a test is covered: automated (1 point), manual (0.5, a person recorded it) or missing (0).</summary>
/// <remarks>
/// The converter is on the type, not only in <see cref="JsonDefaults"/>: the HTTP API serializes with the framework's
/// options, which wrote the status as a number (0, 1, 2) while the CLI wrote the word.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<TestStatus>))]
public enum TestStatus
{
    /// <summary>Relearn ran it and recorded the outcome.</summary>
    [JsonStringEnumMemberName("automated")]
    Automated,

    /// <summary>A person recorded doing it.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>No evidence.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,
}

/// <summary>One test's status and the evidence it rests on.</summary>
/// <param name="Id">Test id.</param>
/// <param name="Section">Its section.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">automated, manual or missing.</param>
/// <param name="Evidence">What it rests on, in words (or what would satisfy it, when missing).</param>
/// <param name="Passed">For automated tests with a pass/fail outcome, whether the model passed; null otherwise.</param>
public sealed record TestScoreItem(string Id, string Section, string Name, TestStatus Status, string Evidence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Passed = null)
{
    /// <summary>Points: 1, 0.5 or 0.</summary>
    [JsonIgnore]
    public double Points => Status switch { TestStatus.Automated => 1, TestStatus.Manual => 0.5, _ => 0 };
}

/// <summary>The ML Test Score of one version: <c>{"score", "sections", "tests"}</c>; the score is the least section total.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version.</param>
/// <param name="Score">Minimum of the section totals.</param>
/// <param name="Sections">Section → total.</param>
/// <param name="Tests">The 28 tests.</param>
public sealed record TestScoreReport(string Model, int Version, double Score, IReadOnlyDictionary<string, double> Sections, IReadOnlyList<TestScoreItem> Tests)
{
    /// <summary>Builds the report from the 28 items, summing sections and taking the minimum, as the paper defines the score.</summary>
    public static TestScoreReport From(string model, int version, IReadOnlyList<TestScoreItem> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var sections = TestScoreRubric.Sections.ToDictionary(s => s, s => tests.Where(t => t.Section == s).Sum(t => t.Points));
        return new TestScoreReport(model, version, sections.Values.Min(), sections, tests);
    }

    /// <summary>The tests not automated, weakest first: what to add to raise the score.</summary>
    /// <remarks>Not on the wire: it repeats entries of <see cref="Tests"/>, which the contract alone names.</remarks>
    [JsonIgnore]
    public IEnumerable<TestScoreItem> Missing => Tests.Where(t => t.Status != TestStatus.Automated).OrderBy(t => t.Points);
}
