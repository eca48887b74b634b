using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>One expectation checked: GE's <c>ExpectationValidationResult</c> (<c>success</c>, <c>result</c>, <c>exception_info</c>).</summary>
/// <param name="Configuration">The expectation as configured.</param>
/// <param name="Success">Whether it held.</param>
/// <param name="Result">GE's <c>result</c> object: <c>observed_value</c> for aggregates, <c>element_count</c>, <c>unexpected_count</c>, ... for per-row ones.</param>
/// <param name="Exception">Why it could not be checked (a missing column, a non-numeric column), when it could not.</param>
public sealed record ExpectationOutcome(ExpectationConfiguration Configuration, bool Success, JsonObject Result, string? Exception = null)
{
    /// <summary>GE's JSON shape of one result.</summary>
    public JsonObject ToJson() => new()
    {
        ["success"] = Success,
        ["expectation_config"] = Configuration.ToJson(),
        ["result"] = Result.DeepClone(),
        ["exception_info"] = new JsonObject
        {
            ["raised_exception"] = Exception is not null,
            ["exception_message"] = Exception,
            ["exception_traceback"] = null,
        },
    };
}
