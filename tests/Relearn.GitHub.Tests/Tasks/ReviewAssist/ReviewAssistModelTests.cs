using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Features;
using Xunit.Abstractions;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

public sealed class ReviewAssistModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluate_OnFilesNeverTrainedOn_ReportsLocationAndCommentMetricsWithBaselines()
    {
        var metrics = ReviewMetrics.Compute(Samples.Model, ReviewData.ReadFiles(Samples.EvaluationFiles));
        foreach (var (key, value) in metrics)
        {
            output.WriteLine($"{key} = {value}");
        }
        Assert.Equal(199, metrics["n"]);
        Assert.Equal(99, metrics["n_location"]);
        Assert.Equal(147, metrics["n_comments"]); // 47 commented cls hunks + 100 msg-test rows
        Assert.InRange(metrics["auc"], 0, 1);
        Assert.InRange(metrics["f1"], 0, 1);
        Assert.Equal(2 * 47.0 / 99 / (1 + 47.0 / 99), metrics["f1_always_comment"], 9);
        Assert.InRange(metrics["distinct"], 0.01, 1);
        Assert.InRange(metrics["semantic"], 0.01, 1);
        Assert.InRange(metrics["semantic_nearest"], 0.01, 1);
        Assert.InRange(metrics["semantic_constant"], 0.01, 1);
        Assert.True(metrics["bleu4"] > 0 && metrics["bleu4_nearest"] > 0 && metrics["bleu4_constant"] > 0);
    }

    [Fact]
    public void Package_RoundTrip_ScoresAndSuggestsTheSame()
    {
        var model = Samples.Model;
        var copy = ReviewAssistModel.FromPackage(model.ToPackage());
        foreach (var example in ReviewData.ReadFiles([Samples.File("msg-test-100.jsonl")]).Take(20))
        {
            var hunk = DiffHunk.Parse(example.Patch);
            var context = new HunkContext(example.Language);
            var (a, b) = (model.Review(hunk, context), copy.Review(hunk, context));
            Assert.Equal(a.Score, b.Score, 12);
            Assert.Equal(a.Line, b.Line);
            Assert.Equal(a.Suggestions, b.Suggestions);
        }
        Assert.Equal(model.Location.Threshold, copy.Location.Threshold);
    }

    [Fact]
    public void Review_AHunkInAnUnknownLanguage_StillGetsAScoreALineAndSuggestions()
    {
        var hunk = DiffHunk.Parse("@@ -1,2 +1,3 @@\n fn main() {\n+    println!(\"debug {}\", x); // TODO remove\n }");
        var review = Samples.Model.Review(hunk, new HunkContext(Languages.Normalize("rs", null)));
        Assert.InRange(review.Score, 0, 1);
        Assert.Equal(2, review.Line!.Line);
        Assert.Equal("RIGHT", review.Line.Side);
        Assert.NotEmpty(review.Suggestions);
        Assert.All(review.Suggestions, s => Assert.Equal("retrieval", s.Source));
    }

    [Fact]
    public void Review_OfADiff_PutsEveryCommentOnAChangedLineOfThatFileOnItsSide()
    {
        var diff = string.Join("\n", ReviewData.ReadFiles([Samples.File("cls-diff_estimation_101_200.jsonl")]).Take(30)
            .Select((e, i) => $"diff --git a/f{i}.{e.Lang?.TrimStart('.')} b/f{i}.{e.Lang?.TrimStart('.')}\n--- a/f{i}\n+++ b/f{i}\n{e.Patch}"));
        var files = UnifiedDiff.Parse(diff);
        var comments = Samples.Model.Review(files, 50);
        Assert.NotEmpty(comments);
        foreach (var comment in comments)
        {
            var lines = files.Single(f => f.Path == comment.Path).Hunks.SelectMany(h => h.Lines).Where(l => l.Kind != DiffLineKind.Context);
            Assert.Contains(lines, l => l.Side == comment.Side && l.Line == comment.Line);
            Assert.True(comment.Score >= Samples.Model.Location.Threshold);
        }
    }

    [Fact]
    public void Suggest_PrefersTheSameLanguage()
    {
        var index = new CommentIndex(
        [
            new PastComment("user name lookup", "go comment", "go"),
            new PastComment("user name lookup", "java comment", "java"),
        ]);
        var hunk = DiffHunk.Parse("@@ -1 +1 @@\n-lookup(user)\n+lookup(userName)");
        Assert.Equal("java comment", index.Suggest(hunk, "java", 1, new CommentRanking(2, 0, 0.5))[0].Body);
        Assert.Equal("go comment", index.Suggest(hunk, "go", 1, new CommentRanking(2, 0, 0.5))[0].Body);
    }

    [Fact]
    public void Signals_SpotWhatReviewersReactTo()
    {
        static double Signal(string line, string name) => LineSignals.Of(line)[LineSignals.Names.ToList().IndexOf(name)];
        Assert.Equal(1, Signal("    // TODO: handle errors", "todo"));
        Assert.Equal(1, Signal("    console.log(user);", "debug_print"));
        Assert.Equal(1, Signal("    fmt.Println(\"here\")", "debug_print"));
        Assert.Equal(1, Signal("    // foo.bar(baz);", "commented_out_code"));
        Assert.Equal(1, Signal("    } catch (Exception e) {", "broad_catch"));
        Assert.Equal(1, Signal("    except:", "broad_catch"));
        Assert.Equal(1, Signal("    if retries > 37 {", "magic_number"));
        Assert.Equal(0, Signal("    const MaxRetries = 37", "magic_number"));
        Assert.Equal(0, Signal("    x := items[0] + 1", "magic_number"));
        Assert.Equal(1, Signal(new string('x', 120), "long_line"));
        Assert.Equal(0, Signal("    return user.Name;", "todo"));
    }
}
