using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Models;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Features;
using Relearn.GitHub.Tasks.ReviewAssist.Location;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>What the model says about one hunk: how likely a reviewer comments, where, and what they might say.</summary>
public sealed record HunkReview(double Score, DiffLine? Line, IReadOnlyList<CommentSuggestion> Suggestions);

/// <summary>A review comment placed on a line of a pull request's diff.</summary>
/// <param name="Path">The file.</param>
/// <param name="Line">Line number on <paramref name="Side"/>.</param>
/// <param name="Side"><c>RIGHT</c> (new file) or <c>LEFT</c> (old file), as GitHub's review API takes them.</param>
/// <param name="Body">The comment.</param>
/// <param name="Score">The location model's probability for the hunk.</param>
/// <param name="Source">Where <paramref name="Body"/> came from: <c>retrieval</c> (a past reviewer's comment) or <c>generator</c> (the optional chat model).</param>
public sealed record ReviewComment(string Path, int Line, string Side, string Body, double Score, string Source);

/// <summary>A hunk of a pull request's diff the model would comment on: the comment, and what it was made from.</summary>
/// <param name="Comment">The comment, with the best retrieved suggestion as its body.</param>
/// <param name="Hunk">The hunk.</param>
/// <param name="Language">The file's language.</param>
/// <param name="Suggestions">The retrieved suggestions, best first (the generator's examples).</param>
public sealed record FlaggedHunk(ReviewComment Comment, DiffHunk Hunk, string Language, IReadOnlyList<CommentSuggestion> Suggestions);

/// <summary>
/// The review-assist model: the <see cref="LocationModel"/> that picks the hunks (and lines) a reviewer would comment
/// on, and the <see cref="CommentIndex"/> of past comments that suggests what to say.
/// </summary>
public sealed class ReviewAssistModel(LocationModel location, CommentIndex comments, CommentRanking ranking)
{
    /// <summary>Task name in manifests and the registry.</summary>
    public const string TaskName = "review-assist";

    /// <summary>How the package's model entry is serialized.</summary>
    public const string Format = "review-assist-json";

    /// <summary>The manifest of every review-assist package.</summary>
    public static readonly ModelManifest Manifest = new(TaskName, ["no-comment", "comment"],
        "patch:string (one hunk) | diff:string (unified diff), lang:string?, path:string?",
        "score:float, line:int, side:string, suggestions:[{body,score,source}] | comments:[{path,line,side,body,score,source}]", Format);

    /// <summary>The location model.</summary>
    public LocationModel Location => location;

    /// <summary>The past comments.</summary>
    public CommentIndex Comments => comments;

    /// <summary>How suggestions are ranked.</summary>
    public CommentRanking Ranking => ranking;

    /// <summary>Scores one hunk and suggests up to <paramref name="suggestions"/> comments.</summary>
    public HunkReview Review(DiffHunk hunk, HunkContext context, int suggestions = 3)
    {
        ArgumentNullException.ThrowIfNull(hunk);
        ArgumentNullException.ThrowIfNull(context);
        var score = location.Score(HunkFeatures.Of(hunk, context, location.Parameters.RemovedTokens));
        return new HunkReview(score, location.ChooseLine(hunk)?.Line, comments.Suggest(hunk, context.Language, suggestions, ranking));
    }

    /// <summary>
    /// Comments for a pull request's diff: on each hunk scored at or over the threshold, one comment on the chosen
    /// line with the best suggestion; the <paramref name="limit"/> highest-scored, in file order.
    /// </summary>
    public IReadOnlyList<ReviewComment> Review(IReadOnlyList<FileDiff> files, int limit) => Flag(files, limit, 1).Select(f => f.Comment).ToList();

    /// <summary>
    /// The hunks <see cref="Review(IReadOnlyList{FileDiff}, int)"/> comments on, each with its comment and up to
    /// <paramref name="suggestions"/> retrieved suggestions: what a generator needs to write the comment instead.
    /// </summary>
    public IReadOnlyList<FlaggedHunk> Flag(IReadOnlyList<FileDiff> files, int limit, int suggestions)
    {
        ArgumentNullException.ThrowIfNull(files);
        var touchesTests = files.Any(f => FileKind.IsTestPath(f.Path));
        var flagged = new List<(int Order, FlaggedHunk Hunk)>();
        var order = 0;
        foreach (var file in files)
        {
            var context = new HunkContext(Languages.Normalize(null, file.Path), file.Path, touchesTests);
            foreach (var hunk in file.Hunks)
            {
                order++;
                var review = Review(hunk, context, suggestions);
                if (review.Score >= location.Threshold && review.Line is { } line && review.Suggestions.Count > 0)
                {
                    var best = review.Suggestions[0];
                    flagged.Add((order, new FlaggedHunk(new ReviewComment(file.Path, line.Line, line.Side, best.Body, Math.Round(review.Score, 6), best.Source),
                        hunk, context.Language, review.Suggestions)));
                }
            }
        }
        return flagged.OrderByDescending(c => c.Hunk.Comment.Score).Take(limit).OrderBy(c => c.Order).Select(c => c.Hunk).ToList();
    }

    /// <summary>The model as a Relearn package (manifest + JSON state).</summary>
    public byte[] ToPackage()
    {
        var weights = location.Weights;
        var state = new ReviewAssistState(
            location.Parameters, location.Mean, location.Scale, location.Bias, location.Threshold,
            weights.Take(HunkFeatures.Dense).ToArray(),
            Enumerable.Range(HunkFeatures.Dense, HunkFeatures.TokenBuckets).Where(i => Math.Abs(weights[i]) > 1e-12).ToArray(),
            Enumerable.Range(HunkFeatures.Dense, HunkFeatures.TokenBuckets).Where(i => Math.Abs(weights[i]) > 1e-12).Select(i => weights[i]).ToArray(),
            ranking, comments.Comments);
        return ModelPackage.Pack(Manifest, JsonSerializer.SerializeToUtf8Bytes(state, JsonDefaults.Compact));
    }

    /// <summary>Reads a package written by <see cref="ToPackage"/>.</summary>
    public static ReviewAssistModel FromPackage(byte[] package)
    {
        var (manifest, bytes) = ModelPackage.Unpack(package);
        if (manifest.Task != TaskName || manifest.Format != Format)
        {
            throw RelearnException.Invalid($"the package holds a {manifest.Task} model ({manifest.Format}), not {TaskName}");
        }
        var state = JsonSerializer.Deserialize<ReviewAssistState>(bytes, JsonDefaults.Compact)
            ?? throw RelearnException.Invalid("the review-assist model entry is empty");
        var weights = new double[HunkFeatures.Width];
        state.DenseWeights.CopyTo(weights, 0);
        for (var k = 0; k < state.TokenIndices.Length; k++)
        {
            weights[state.TokenIndices[k]] = state.TokenWeights[k];
        }
        try
        {
            var location = LocationModel.Restore(state.Parameters, state.Mean, state.Scale, state.Bias, weights, state.Threshold);
            return new ReviewAssistModel(location, new CommentIndex(state.Comments), state.Ranking);
        }
        catch (InvalidDataException e)
        {
            throw RelearnException.Invalid("the review-assist model was saved by an incompatible build: " + e.Message, e);
        }
    }

    private sealed record ReviewAssistState(LocationParameters Parameters, double[] Mean, double[] Scale, double Bias, double Threshold,
        double[] DenseWeights, int[] TokenIndices, double[] TokenWeights, CommentRanking Ranking, IReadOnlyList<PastComment> Comments);
}
