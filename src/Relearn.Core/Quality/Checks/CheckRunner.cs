using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;

namespace Relearn.Core.Quality.Checks;

/// <summary>Runs behavioural tests against a loaded model and judges each case as its test says.</summary>
public static class CheckRunner
{
    /// <summary>Failing examples kept per test: enough to see the pattern, small enough for a report.</summary>
    public const int ExamplesKept = 5;

    /// <summary>Runs <paramref name="tests"/> on <paramref name="model"/>; each result carries its kind's threshold.</summary>
    public static IReadOnlyList<CheckResult> Run(IServableModel model, IBehaviouralChecks checks, IReadOnlyList<BehaviouralTest> tests, CheckThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(thresholds);
        return tests.Select(test => Run(model, checks, test, thresholds.For(test.Kind))).ToList();
    }

    private static CheckResult Run(IServableModel model, IBehaviouralChecks checks, BehaviouralTest test, double threshold)
    {
        var inputs = test.Cases.Select(c => c.Input).ToList();
        var variants = test.Cases.Where(c => c.Variant is not null).Select(c => c.Variant!.Value).ToList();
        var scored = Score(model, checks, [.. inputs, .. variants]);
        var failures = 0;
        var examples = new List<JsonObject>();
        var next = inputs.Count;
        for (var i = 0; i < test.Cases.Count; i++)
        {
            var @case = test.Cases[i];
            var original = scored[i];
            var variant = @case.Variant is null ? null : scored[next++];
            if (Passes(test, @case, original, variant, checks.ScoreField))
            {
                continue;
            }
            failures++;
            if (examples.Count < ExamplesKept)
            {
                var example = new JsonObject { ["case"] = @case.Description, ["prediction"] = original.DeepClone() };
                if (@case.Label is { } expected)
                {
                    example["expected"] = expected;
                }
                if (variant is not null)
                {
                    example["variant_prediction"] = variant.DeepClone();
                }
                examples.Add(example);
            }
        }
        var passRate = test.Cases.Count == 0 ? 1 : Math.Round((test.Cases.Count - failures) / (double)test.Cases.Count, 4);
        return new CheckResult(test.Name, KindName(test.Kind), test.Cases.Count, failures, passRate, examples, threshold, passRate >= threshold);
    }

    /// <summary>The contract's spelling of a kind: <c>MFT</c>, <c>INV</c>, <c>DIR</c>, <c>LEAK</c>, <c>NFR</c>.</summary>
    public static string KindName(CheckKind kind) => kind.ToString().ToUpperInvariant();

    private static IReadOnlyList<JsonObject> Score(IServableModel model, IBehaviouralChecks checks, IReadOnlyList<JsonElement> inputs) =>
        inputs.Count == 0 ? []
        : checks.ScoresAlone ? inputs.Select(model.Predict).ToList()
        : model.PredictBatch(inputs);

    private static bool Passes(BehaviouralTest test, CheckCase @case, JsonObject original, JsonObject? variant, string scoreField) => test.Expectation switch
    {
        CheckExpectation.Label => Label(original) == @case.Label,
        CheckExpectation.SameLabel => Label(original) == Label(variant!),
        CheckExpectation.SameScore => Math.Abs(Score(variant!, scoreField) - Score(original, scoreField)) <= test.Tolerance,
        CheckExpectation.NotDown => Score(variant!, scoreField) >= Score(original, scoreField) - test.Tolerance,
        CheckExpectation.NotUp => Score(variant!, scoreField) <= Score(original, scoreField) + test.Tolerance,
        _ => throw new ArgumentOutOfRangeException(nameof(test), test.Expectation, "unknown expectation"),
    };

    private static string? Label(JsonObject prediction) => prediction["label"]?.GetValue<string>();

    private static double Score(JsonObject prediction, string field) =>
        prediction[field] is JsonValue value && value.TryGetValue<double>(out var score) ? score
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the prediction has no numeric '{field}' to compare"));
}
