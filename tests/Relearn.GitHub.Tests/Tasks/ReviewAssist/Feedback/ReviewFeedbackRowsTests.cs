using System.Text.Json.Nodes;
using Relearn.Core.Monitoring.Feedback;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Feedback;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist.Feedback;

public sealed class ReviewFeedbackRowsTests
{
    private const string Patch = "@@ -10,3 +10,4 @@ func main() {\n \tx := 1\n-\ty := 2\n+\ty := 3\n+\tfmt.Println(y) // TODO\n \treturn";

    private const string Diff = """
        diff --git a/app/main.go b/app/main.go
        --- a/app/main.go
        +++ b/app/main.go
        @@ -1,3 +1,3 @@
         package main
        -var a = 1
        +var a = 2
         var b = 3
        @@ -20,2 +20,3 @@ func f() {
         	x()
        +	panic("boom")
         }
        diff --git a/app/util.py b/app/util.py
        --- a/app/util.py
        +++ b/app/util.py
        @@ -5,2 +5,2 @@
        -print(x)
        +log(x)
         return x
        """;

    private static int _clock;

    private static LabelledPrediction Labelled(JsonObject input, JsonObject output, string? outcome, string? text = null)
    {
        var at = DateTimeOffset.UnixEpoch.AddMinutes(++_clock);
        var id = Guid.NewGuid().ToString();
        return new(new StoredPrediction(id, "review-assist", 1, at, input.ToJsonString(), output.ToJsonString()),
            new FeedbackLabel(id, "review-assist", outcome is null ? "null" : $"\"{outcome}\"", outcome, text, at));
    }

    private static LabelledPrediction PatchFeedback(string? outcome, string? text = null) => Labelled(
        new JsonObject { ["patch"] = Patch, ["lang"] = "go" },
        new JsonObject { ["score"] = 0.7, ["suggestions"] = new JsonArray(new JsonObject { ["body"] = "Remove the debug print.", ["score"] = 0.9, ["source"] = "retrieval" }) },
        outcome, text);

    private static LabelledPrediction DiffFeedback(string outcome, string? text, params (string Path, int Line, string Side, string Body)[] comments) => Labelled(
        new JsonObject { ["diff"] = Diff },
        new JsonObject { ["comments"] = new JsonArray(comments.Select(c => (JsonNode)new JsonObject { ["path"] = c.Path, ["line"] = c.Line, ["side"] = c.Side, ["body"] = c.Body, ["score"] = 0.8 }).ToArray()) },
        outcome, text);

    [Fact]
    public void PatchFeedback_LabelsTheHunkByOutcome_AndKeepsTheCommentAsPosted_Issue11()
    {
        var rows = ReviewFeedbackRows.From([
            PatchFeedback("accepted"),
            PatchFeedback("rewritten", "  Please use the logger here.\n"),
            PatchFeedback("modified"),
            PatchFeedback("rejected", "not useful"),
            PatchFeedback(null),
        ]);

        Assert.Equal([(1, "Remove the debug print."), (1, "Please use the logger here."), (1, null), (0, null)], rows.Select(r => (r.Y!.Value, r.Msg)));
        Assert.All(rows, r => Assert.Equal((Patch, "go"), (r.Patch, r.Language)));
        Assert.All(rows, r => Assert.StartsWith("feedback:", r.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_ReadBackAsCodeReviewerTrainingRows_Issue11()
    {
        var rows = ReviewFeedbackRows.From([PatchFeedback("rewritten", "Why is y changed?"), DiffFeedback("rejected", null, ("app/util.py", 5, "LEFT", "Keep the print?"))]);

        var text = System.Text.Encoding.UTF8.GetString(ReviewData.ToCanonicalBytes(rows));
        var read = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select((line, i) => ReviewData.ReadLine(line, $"row {i + 1}")).ToList();

        Assert.Equal(rows, read);
    }

    [Fact]
    public void DiffFeedback_GivesOneRowPerCommentedHunk_OnTheHunkThatHoldsTheLine_Issue11()
    {
        var rejected = ReviewFeedbackRows.From(DiffFeedback("rejected", "noise",
            ("app/main.go", 21, "RIGHT", "Don't panic."), ("app/util.py", 5, "LEFT", "Keep the print?"), ("gone.go", 3, "RIGHT", "?")));
        var accepted = ReviewFeedbackRows.From(DiffFeedback("accepted", "Return an error instead of panicking.", ("app/main.go", 21, "RIGHT", "Don't panic.")));
        var acceptedTwo = ReviewFeedbackRows.From(DiffFeedback("accepted", "which one?", ("app/main.go", 2, "RIGHT", "Why 2?"), ("app/main.go", 21, "RIGHT", "Don't panic.")));

        Assert.Equal([("app/main.go", "@@ -20,2 +20,3 @@ func f() {\n \tx()\n+\tpanic(\"boom\")\n }", 0, (string?)null), ("app/util.py", "@@ -5,2 +5,2 @@\n-print(x)\n+log(x)\n return x", 0, null)],
            rejected.Select(r => (r.Path!, r.Patch, r.Y!.Value, r.Msg)));
        Assert.Equal(["go", "py"], rejected.Select(r => r.Language));
        Assert.Equal("Return an error instead of panicking.", Assert.Single(accepted).Msg);
        // Text that came with several comments cannot be placed: each accepted comment is its own message.
        Assert.Equal(["Why 2?", "Don't panic."], acceptedTwo.Select(r => r.Msg!));
        Assert.Equal("@@ -1,3 +1,3 @@\n package main\n-var a = 1\n+var a = 2\n var b = 3", acceptedTwo[0].Patch);
    }
}
