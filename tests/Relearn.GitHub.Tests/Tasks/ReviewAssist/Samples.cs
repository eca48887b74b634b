using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Location;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

/// <summary>The shipped CodeReviewer samples, and a review-assist model trained on the training files, once per test run.</summary>
internal static class Samples
{
    private static readonly Lazy<ReviewAssistModel> Trained = new(() => Train(trials: 8));

    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "samples", "code-review", name);

    public static IReadOnlyList<string> TrainingFiles => [File("cls-diff_estimation_1_100.jsonl"), File("comment-generation-329.jsonl")];

    public static IReadOnlyList<string> EvaluationFiles => [File("cls-diff_estimation_101_200.jsonl"), File("msg-test-100.jsonl")];

    public static ReviewAssistModel Model => Trained.Value;

    public static ReviewAssistModel Train(int trials)
    {
        var train = ReviewData.ReadFiles(TrainingFiles);
        var options = new ReviewAssistTrainingOptions { Trials = trials, Parallelism = 2, Seed = 42 };
        var tuned = LocationTuning.TuneAsync(train.Where(e => e.Y is not null).ToList(), options, TimeProvider.System, null, CancellationToken.None).GetAwaiter().GetResult();
        var index = new CommentIndex(train.Where(e => e.Msg is not null)
            .Select(e => new PastComment(CommentIndex.TokensOf(DiffHunk.Parse(e.Patch)), e.Msg!, e.Language)).ToList());
        return new ReviewAssistModel(tuned.Model, index, options.Ranking);
    }
}
