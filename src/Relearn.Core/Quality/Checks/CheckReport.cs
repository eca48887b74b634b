using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Relearn.Core.Quality.Checks;

/// <summary>The outcome of one test: <c>{"name", "kind", "cases", "failures", "pass_rate", "examples"}</c>.</summary>
/// <param name="Name">Test name.</param>
/// <param name="Kind">MFT, INV, DIR, LEAK or NFR.</param>
/// <param name="Cases">Cases run.</param>
/// <param name="Failures">Cases that failed.</param>
/// <param name="PassRate">Share of cases that passed (1 when there were none).</param>
/// <param name="Examples">Failing examples (at most a few), kept in the report.</param>
/// <param name="Threshold">The least pass rate the gate accepts; null when ungated.</param>
/// <param name="Passed">Whether the test meets its threshold.</param>
/// <param name="Value">For NFR tests, the measured figure (ms, bytes, rows/s).</param>
public sealed record CheckResult(
    string Name,
    string Kind,
    int Cases,
    int Failures,
    // Named here, not left to the serializer's policy: the HTTP API's camelCase options wrote "passRate", the CLI "pass_rate".
    [property: JsonPropertyName("pass_rate")] double PassRate,
    IReadOnlyList<JsonObject> Examples,
    double? Threshold = null,
    bool Passed = true,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value = null);

/// <summary>A check report of one model version: <c>{"model", "version", "passed", "tests": [...]}</c>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version number.</param>
/// <param name="Tests">Each test's result.</param>
public sealed record CheckReport(string Model, int Version, IReadOnlyList<CheckResult> Tests)
{
    /// <summary>True when every test meets its threshold.</summary>
    public bool Passed => Tests.All(t => t.Passed);

    /// <summary>The tests that fall short of their thresholds.</summary>
    [JsonIgnore]
    public IEnumerable<CheckResult> Failed => Tests.Where(t => !t.Passed);
}
