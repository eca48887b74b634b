using Relearn.Core.Training.Embeddings;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

/// <summary>The <c>semantic</c> metric: BERTScore's greedy matching, checked against bert_score's own arithmetic, on MiniLM token vectors.</summary>
public sealed class BertScoreTests
{
    [Fact]
    public void Score_IsBertScoresGreedyCosineMatching_SpecialTokensMatchableButUnweighted()
    {
        // Expected values: bertscore_greedy_reference.py beside this file (bert_score's greedy_cos_idf, idf=False, in plain Python).
        float[][] candidate = [[1, 0, 0], [0.2f, 1, 0.1f], [0.9f, 0.1f, 0.05f], [0, 0, 1]];
        float[][] reference = [[1, 0.1f, 0], [0.1f, 0.9f, 0.3f], [0.3f, 0.3f, 0.9f], [-0.2f, 0.5f, 0.5f], [0, 0.1f, 1]];

        var score = BertScore.Score(candidate, reference);

        Assert.Equal(0.985144495439, score.Precision, 6);
        Assert.Equal(0.852272679123, score.Recall, 6);
        Assert.Equal(0.913904310981, score.F1, 6);
    }

    [Fact]
    public void Score_OfAnEmptyText_IsZero_AsBertScoreSetsIt()
    {
        float[][] empty = [[1, 0], [0, 1]];
        float[][] text = [[1, 0], [1, 1], [0, 1]];

        Assert.Equal(new BertScoreValue(0, 0, 0), BertScore.Score(empty, text));
        Assert.Equal(new BertScoreValue(0, 0, 0), BertScore.Score(text, empty));
    }

    [Fact]
    public void MeanF1_WithMiniLM_IdenticalScoresOne_AndAParaphraseBeatsAnUnrelatedComment()
    {
        string[] golds = ["Please add a unit test for this case.", "This variable name is misleading."];

        var scores = BertScore.MeanF1(TextEmbedder.Shared, golds,
            golds,
            ["Could you add a test covering this?", "The name of this variable is confusing."],
            ["Why is this needed?", "Why is this needed?"]);

        Assert.Equal(1.0, scores[0], 5);
        Assert.True(scores[1] > scores[2] + 0.05, $"paraphrase {scores[1]:0.000} vs constant {scores[2]:0.000}");
        Assert.InRange(scores[2], 0, 1);
    }

    [Fact]
    public void MeanF1_WithoutReferences_IsNaN_AndMismatchedCountsAreRefused()
    {
        Assert.True(double.IsNaN(BertScore.MeanF1(TextEmbedder.Shared, Array.Empty<string>(), Array.Empty<string>())[0]));
        Assert.Throws<ArgumentException>(() => BertScore.MeanF1(TextEmbedder.Shared, ["a"], ["a", "b"]));
    }
}
