using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>GE's suite <c>statistics</c>.</summary>
public sealed record SuiteStatistics(int EvaluatedExpectations, int SuccessfulExpectations, int UnsuccessfulExpectations, double? SuccessPercent);

/// <summary>A suite checked against a batch: GE's <c>ExpectationSuiteValidationResult</c>.</summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="Data">What was checked.</param>
/// <param name="RunName">This validation's id (used for its data docs page and tracking run).</param>
/// <param name="ValidatedAt">When it ran.</param>
/// <param name="Results">One outcome per expectation, in suite order.</param>
public sealed record SuiteValidationResult(string Suite, string Data, string RunName, DateTimeOffset ValidatedAt, IReadOnlyList<ExpectationOutcome> Results)
{
    /// <summary>True when every expectation held.</summary>
    public bool Success => Results.All(r => r.Success);

    /// <summary>Counts as GE reports them; success_percent is null for an empty suite.</summary>
    public SuiteStatistics Statistics
    {
        get
        {
            var passed = Results.Count(r => r.Success);
            return new(Results.Count, passed, Results.Count - passed, Results.Count == 0 ? null : 100.0 * passed / Results.Count);
        }
    }

    /// <summary>The expectations that failed.</summary>
    public IEnumerable<ExpectationOutcome> Failures => Results.Where(r => !r.Success);

    /// <summary>One line: how many held, and the first failures by name.</summary>
    public string Summary()
    {
        var s = Statistics;
        var line = $"suite {Suite} on {Data}: {s.SuccessfulExpectations} of {s.EvaluatedExpectations} expectations met";
        var failed = Failures.Take(3).Select(f => $"{f.Configuration.Type}{ColumnOf(f.Configuration)}").ToList();
        return failed.Count == 0 ? line
            : $"{line}; failed: {string.Join(", ", failed)}{(s.UnsuccessfulExpectations > failed.Count ? $" and {s.UnsuccessfulExpectations - failed.Count} more" : "")}";
    }

    /// <summary>GE's JSON shape: <c>success</c>, <c>results</c>, <c>statistics</c>, <c>meta</c>.</summary>
    public JsonObject ToJson()
    {
        var s = Statistics;
        return new JsonObject
        {
            ["success"] = Success,
            ["results"] = new JsonArray(Results.Select(r => (JsonNode)r.ToJson()).ToArray()),
            ["evaluation_parameters"] = new JsonObject(),
            ["statistics"] = new JsonObject
            {
                ["evaluated_expectations"] = s.EvaluatedExpectations,
                ["successful_expectations"] = s.SuccessfulExpectations,
                ["unsuccessful_expectations"] = s.UnsuccessfulExpectations,
                ["success_percent"] = s.SuccessPercent,
            },
            ["meta"] = new JsonObject
            {
                ["expectation_suite_name"] = Suite,
                ["data_asset_name"] = Data,
                ["run_id"] = new JsonObject { ["run_name"] = RunName, ["run_time"] = ValidatedAt.ToString("O") },
                ["validation_time"] = ValidatedAt.ToString("O"),
            },
        };
    }

    /// <summary>Reads back a result written by <see cref="ToJson"/> (the <c>validate</c> step's report, the data docs' JSON).</summary>
    public static SuiteValidationResult FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var summary = SuiteValidationSummary.Of(json);
        var results = json["results"]!.AsArray().Select((r, i) => new ExpectationOutcome(
            new ExpectationConfiguration(i + 1, (string)r!["expectation_config"]!["expectation_type"]!, r["expectation_config"]!["kwargs"]!.DeepClone().AsObject()),
            (bool)r["success"]!, r["result"]!.DeepClone().AsObject(), (string?)r["exception_info"]?["exception_message"])).ToList();
        return new SuiteValidationResult(summary.Suite, summary.Data, summary.RunName, summary.ValidatedAt, results);
    }

    /// <summary>True when <paramref name="json"/> has the shape <see cref="ToJson"/> writes.</summary>
    public static bool IsSuiteResult(JsonNode? json) => json is JsonObject o && o["statistics"] is JsonObject && o["results"] is JsonArray && o["meta"] is JsonObject;

    private static string ColumnOf(ExpectationConfiguration c) =>
        c.Kwargs["column"] is JsonValue v && v.TryGetValue<string>(out var name) ? $"({name})" : "";
}

/// <summary>Checks a suite against a batch.</summary>
public static class SuiteValidator
{
    /// <summary>Runs every expectation of <paramref name="suite"/> on <paramref name="batch"/>.</summary>
    public static SuiteValidationResult Validate(ExpectationSuite suite, DataBatch batch, string runName, DateTimeOffset validatedAt)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(batch);
        var results = suite.Expectations.Select(e => ExpectationCatalog.Run(e, batch)).ToList();
        return new SuiteValidationResult(suite.Name, batch.Name, runName, validatedAt, results);
    }
}
