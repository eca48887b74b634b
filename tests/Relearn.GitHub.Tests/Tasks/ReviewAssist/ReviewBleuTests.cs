using System.Text.Json;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

/// <summary>
/// BLEU-4 against CodeReviewer's own evaluator: bleu-reference.json holds what <c>bleu_fromstr</c> of
/// CodeReviewer/code/evaluator/smooth_bleu.py (microsoft/CodeBERT 5488f12b) returned, made by
/// bench/review-assist/bleu_reference.py with /usr/bin/python3.
/// </summary>
public sealed class ReviewBleuTests
{
    public static TheoryData<string> Cases() => new(Reference().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Score_MatchesCodeReviewersBleuFromStr(string name)
    {
        var reference = Reference().Single(c => c.Name == name);
        Assert.Equal(reference.Bleu, CodeReviewerBleu.Score(reference.Predictions, reference.Golds));
        var unrounded = CodeReviewerBleu.ScoreUnrounded(reference.Predictions, reference.Golds);
        Assert.Equal(reference.Exact, unrounded, Math.Max(1e-9, Math.Abs(reference.Exact) * 1e-9));
    }

    [Fact]
    public void Score_OfACannedQuestion_IsHighOnSmallSamples_AsTheIssueWarns()
    {
        var constant = Reference().Single(c => c.Name == "constant-why-is-this-needed");
        Assert.True(constant.Bleu > 5.32, "a constant 'Why is this needed?' scores above CodeReviewer's 5.32 on msg-test-100");
    }

    [Fact]
    public void Distinct_CountsCaseInsensitiveTrimmedTexts()
    {
        Assert.Equal(0.5, ReviewMetrics.Distinct(["Why?", " why? ", "Rename this.", "rename THIS."]));
    }

    private static IReadOnlyList<BleuCase> Reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tasks", "ReviewAssist", "bleu-reference.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new BleuCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()!).ToList(),
            c.GetProperty("golds").EnumerateArray().Select(p => p.GetString()!).ToList(),
            c.GetProperty("bleu").GetDouble(),
            c.GetProperty("exact").GetDouble())).ToList();
    }

    private sealed record BleuCase(string Name, IReadOnlyList<string> Predictions, IReadOnlyList<string> Golds, double Bleu, double Exact);
}
