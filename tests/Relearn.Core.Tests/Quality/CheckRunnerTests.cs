using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Quality;

public sealed class CheckRunnerTests
{
    private static readonly ModelManifest Manifest = new("text-classification", ["negative", "positive"], "text:string", "label:string");

    /// <summary>A model that says "positive" with the same probability to everything: it fails MFT on negative sentences and never moves.</summary>
    private sealed class AlwaysPositive : IServableModel
    {
        public ModelManifest Manifest => CheckRunnerTests.Manifest;

        public JsonObject Predict(JsonElement input) => new() { ["label"] = "positive", ["probability"] = 0.9 };

        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs) => inputs.Select(Predict).ToList();
    }

    /// <summary>A model whose score follows the length of the text: casing and names leave it alone, typos do not.</summary>
    private sealed class ByLength : IServableModel
    {
        public ModelManifest Manifest => CheckRunnerTests.Manifest;

        public JsonObject Predict(JsonElement input)
        {
            var length = input.GetProperty("text").GetString()!.Length;
            return new() { ["label"] = length % 2 == 0 ? "positive" : "negative", ["probability"] = length / 1000.0 };
        }

        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs) => inputs.Select(Predict).ToList();
    }

    private static byte[] Sentences() => Relearn.Core.Datasets.LabelledTextReader.ToCanonicalBytes(
        File.ReadLines(Some.Yelp).Take(80).Select(l => l.Split('\t')).Select(p => Some.Text(p[0], p[1] == "1")));

    [Fact]
    public void Mft_OnAModelThatAlwaysSaysPositive_FailsTheNegativeHalfAndKeepsExamples()
    {
        var checks = new TextClassificationChecks();
        var tests = checks.Tests(Manifest, Sentences());

        var results = CheckRunner.Run(new AlwaysPositive(), checks, tests, CheckThresholds.Default);

        var mft = results.Single(r => r.Kind == "MFT");
        Assert.True(mft.Failures > 0);
        Assert.False(mft.Passed);
        Assert.Equal(CheckRunner.ExamplesKept, mft.Examples.Count);
        Assert.Equal("negative", mft.Examples[0]["expected"]!.GetValue<string>());
        // A constant model never changes its label or score: every INV and every DIR (within tolerance) passes.
        Assert.All(results.Where(r => r.Kind is "INV" or "DIR"), r => Assert.Equal(0, r.Failures));
    }

    [Fact]
    public void Inv_OnAModelThatReadsTheLength_FailsPunctuationButNotCasing()
    {
        var checks = new TextClassificationChecks();

        var results = CheckRunner.Run(new ByLength(), checks, checks.Tests(Manifest, Sentences()), CheckThresholds.Default);

        Assert.Equal(0, results.Single(r => r.Name == "invariance: casing").Failures);
        var punctuation = results.Single(r => r.Name == "invariance: punctuation");
        Assert.Equal(punctuation.Cases, punctuation.Failures);
        Assert.Contains("→", punctuation.Examples[0]["case"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(punctuation.Examples[0]["variant_prediction"]);
    }

    [Fact]
    public void Thresholds_ReadFromArguments_AndBadValuesAreOneLineErrors()
    {
        var args = new Dictionary<string, string> { ["min_pass_rate"] = "0.7", ["min_pass_rate_dir"] = "0.5" };

        var thresholds = CheckThresholds.Read(args.GetValueOrDefault);

        Assert.Equal(new CheckThresholds(0.7, 0.7, 0.5, 1.0), thresholds);
        var error = Assert.Throws<RelearnException>(() => CheckThresholds.Read(n => n == "min_pass_rate" ? "2" : null));
        Assert.Contains("min_pass_rate '2'", error.Message, StringComparison.Ordinal);
        Assert.Throws<RelearnException>(() => NonFunctionalThresholds.Read(n => n == "max_p99_ms" ? "fast" : null));
    }

    [Fact]
    public void Perturbations_TypoSwapsTwoAdjacentLettersInsideAWord()
    {
        var text = "The waiter was wonderful.";

        var typo = TextPerturbations.Typo(text, new Random(1))!;

        Assert.NotEqual(text, typo);
        Assert.Equal(text.Length, typo.Length);
        Assert.Equal(text.Order(), typo.Order());
        Assert.Equal(2, text.Zip(typo).Count(p => p.First != p.Second));
        Assert.Null(TextPerturbations.Typo("a b c", new Random(1)));
        Assert.Equal("Great food", TextPerturbations.Punctuation("Great food!!"));
        Assert.Equal("Great food.", TextPerturbations.Punctuation("Great food"));
    }

    [Fact]
    public void Percentile_InterpolatesLinearlyAsNumpy()
    {
        // /usr/bin/python3 -c "import numpy as np; print(np.percentile([1,2,3,4,10],99), np.percentile([1,2,3,4,10],50), np.percentile([0.1,0.3,0.5,0.9],99))"
        // → 9.76 3.0 0.888
        Assert.Equal(9.76, NonFunctionalChecks.Percentile([1, 2, 3, 4, 10], 0.99), 10);
        Assert.Equal(3.0, NonFunctionalChecks.Percentile([1, 2, 3, 4, 10], 0.50), 10);
        Assert.Equal(0.888, NonFunctionalChecks.Percentile([0.1, 0.3, 0.5, 0.9], 0.99), 10);
    }

    [Fact]
    public void ReplaceSection_ReplacesOnlyItsOwnSection_OrAppendsIt()
    {
        var card = "# Model card: m\n\n## Data\n\nrows\n\n## Limitations\n\nsome\n";

        var added = ModelQuality.ReplaceSection(card, "## ML Test Score", "## ML Test Score\n\nScore 1\n");
        var replaced = ModelQuality.ReplaceSection(added.Replace("## Limitations", "## ML Test Score\n\nScore 0\n\n## Limitations", StringComparison.Ordinal), "## ML Test Score", "## ML Test Score\n\nScore 2\n\n");

        Assert.EndsWith("## ML Test Score\n\nScore 1\n", added, StringComparison.Ordinal);
        Assert.Contains("## Data\n\nrows", added, StringComparison.Ordinal);
        Assert.Contains("Score 2", replaced, StringComparison.Ordinal);
        Assert.DoesNotContain("Score 0", replaced, StringComparison.Ordinal);
        Assert.Contains("## Limitations\n\nsome", replaced, StringComparison.Ordinal);
    }
}
