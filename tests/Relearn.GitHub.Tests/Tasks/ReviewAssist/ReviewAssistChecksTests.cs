using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relearn.Core.Quality.Checks;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Generation;
using Xunit.Abstractions;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

public sealed class ReviewAssistChecksTests(ITestOutputHelper output)
{
    [Fact]
    public void Checks_OnHeldOutHunks_NoLeak_WhitespaceInvariant_AndADebugPrintDoesNotLowerTheScore_Issue13()
    {
        using var generator = new CommentGenerator(Options.Create(new CommentGeneratorOptions()), TimeProvider.System, NullLogger<CommentGenerator>.Instance);
        var task = new ReviewAssistTask(Options.Create(new ReviewAssistOptions()), generator);
        var model = task.Load(Samples.Model.ToPackage());
        var evaluation = task.ReadEvaluationData(Samples.EvaluationFiles);

        var checks = task.Checks!;
        var tests = checks.Tests(model.Manifest, evaluation);
        var results = CheckRunner.Run(model, checks, tests, CheckThresholds.Default);
        foreach (var r in results)
        {
            output.WriteLine($"{r.Kind} {r.Name}: {r.Cases} cases, {r.Failures} failures, pass rate {r.PassRate}");
        }

        Assert.Equal(["LEAK", "INV", "DIR"], results.Select(r => r.Kind));
        Assert.All(results, r => Assert.InRange(r.Cases, 40, ReviewAssistChecks.HunksPerTest)); // drawn with replacement, repeats dropped
        Assert.Equal(0, results[0].Failures); // the model never reads msg or y from a request
        Assert.Equal(0, results[1].Failures); // context-line whitespace is squeezed out of every feature
        Assert.True(results[2].Passed, $"DIR pass rate {results[2].PassRate}");
        Assert.Equal(5, checks.SampleInputs(evaluation, 5).Count);
    }

    [Fact]
    public void DirectionalVariant_IsAValidHunk_WithTheDebugLineAdded()
    {
        var tests = new ReviewAssistChecks().Tests(ReviewAssistModel.Manifest, ReviewData.ToCanonicalBytes(ReviewData.ReadFiles(Samples.EvaluationFiles)));
        var variant = tests[2].Cases[0].Variant!.Value.GetProperty("patch").GetString()!;
        var hunk = Relearn.GitHub.Tasks.ReviewAssist.Diffs.DiffHunk.Parse(variant);
        Assert.Contains(hunk.Added, l => l.Text == "print(\"debug\")  # TODO remove");
        Assert.Equal(tests[2].Cases[0].Input.GetProperty("patch").GetString()!.Split('\n').Length + 1, variant.Split('\n').Length);
    }
}
