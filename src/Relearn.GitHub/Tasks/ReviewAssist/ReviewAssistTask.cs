using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Models;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Features;
using Relearn.GitHub.Tasks.ReviewAssist.Generation;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>
/// The review-assist model task: evaluation on CodeReviewer-format JSON Lines, and scoring of one hunk
/// (<c>{"patch"}</c> → score, line, suggestions) or of a pull request's whole diff (<c>{"diff"}</c> → comments on
/// lines GitHub accepts).
/// </summary>
public sealed class ReviewAssistTask(IOptions<ReviewAssistOptions> options, CommentGenerator generator) : IModelTask
{
    /// <inheritdoc />
    public string Name => ReviewAssistModel.TaskName;

    /// <inheritdoc />
    public string PrimaryMetric => "auc";

    /// <inheritdoc />
    public Relearn.Core.Quality.Checks.IBehaviouralChecks Checks { get; } = new ReviewAssistChecks();

    /// <inheritdoc />
    public byte[] ReadEvaluationData(IReadOnlyList<string> paths)
    {
        var examples = ReviewData.ReadFiles(paths);
        if (!examples.Any(e => e.Y is not null) && !examples.Any(e => e.Msg is not null))
        {
            throw RelearnException.Invalid("the evaluation data has no labelled rows: give hunks with \"y\" (0/1) or \"msg\" (the reviewer's comment)");
        }
        foreach (var (example, i) in examples.Select((e, i) => (e, i)))
        {
            try
            {
                DiffHunk.Parse(example.Patch);
            }
            catch (RelearnException e)
            {
                throw RelearnException.Invalid($"row {(i + 1).ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);
            }
        }
        return ReviewData.ToCanonicalBytes(examples);
    }

    /// <summary>What a reviewer did with a suggestion, as issue 11 names the outcomes.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["accepted", "modified", "rewritten", "rejected"];

    /// <summary>Review feedback is an <c>outcome</c> (accepted, modified, rewritten, rejected) and optional <c>text</c> (what the reviewer wrote instead).</summary>
    public Relearn.Core.Monitoring.Feedback.FeedbackEntry ReadFeedback(JsonElement item, ModelManifest manifest)
    {
        if (!item.TryGetProperty("outcome", out var outcome) || outcome.ValueKind != JsonValueKind.String || !Outcomes.Contains(outcome.GetString()!, StringComparer.Ordinal))
        {
            throw RelearnException.Invalid($"outcome is required and must be one of {string.Join(", ", Outcomes)}");
        }
        string? text = null;
        if (item.TryGetProperty("text", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            text = t.ValueKind == JsonValueKind.String ? t.GetString() : throw RelearnException.Invalid("text must be a string");
        }
        return new(JsonSerializer.Serialize(outcome.GetString()), outcome.GetString(), text);
    }

    /// <inheritdoc />
    public IServableModel Load(byte[] package) => new Servable(ReviewAssistModel.FromPackage(package), options.Value, generator);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate(IServableModel model, byte[] evaluationData) =>
        ReviewMetrics.Compute(((Servable)model).Model, ReviewData.FromCanonicalBytes(evaluationData));

    private sealed class Servable(ReviewAssistModel model, ReviewAssistOptions options, CommentGenerator generator) : IServableModel
    {
        public ReviewAssistModel Model => model;

        public ModelManifest Manifest => ReviewAssistModel.Manifest;

        public JsonObject Predict(JsonElement input) => Answer(input, "");

        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                Read(inputs[i], string.Create(CultureInfo.InvariantCulture, $"instances[{i}]."));
            }
            return inputs.Select((input, i) => Answer(input, string.Create(CultureInfo.InvariantCulture, $"instances[{i}]."))).ToList();
        }

        private JsonObject Answer(JsonElement input, string where)
        {
            var request = Read(input, where);
            JsonObject answer;
            if (request.Diff is { } files)
            {
                var flagged = model.Flag(files, options.MaxComments, generator.Enabled ? options.Suggestions : 1);
                // Synchronous for the same reason as below; each call bounds its own wait, and the calls run a few at a time.
                var comments = generator.Enabled ? generator.WriteCommentsAsync(flagged).GetAwaiter().GetResult() : flagged.Select(f => f.Comment).ToList();
                answer = new JsonObject
                {
                    ["comments"] = new JsonArray(comments.Select(c => (JsonNode)new JsonObject
                    {
                        ["path"] = c.Path, ["line"] = c.Line, ["side"] = c.Side, ["body"] = c.Body, ["score"] = c.Score, ["source"] = c.Source,
                    }).ToArray()),
                };
            }
            else
            {
                var review = model.Review(request.Hunk!, request.Context, options.Suggestions);
                var suggestions = review.Suggestions;
                // Scoring is synchronous (IServableModel); the generator bounds its own wait and never throws.
                if (generator.Enabled && generator.GenerateAsync(request.Hunk!, request.Context.Language, suggestions).GetAwaiter().GetResult() is { } generated)
                {
                    suggestions = [generated, .. suggestions];
                }
                answer = new JsonObject
                {
                    ["score"] = Math.Round(review.Score, 6),
                    ["line"] = review.Line?.Line,
                    ["side"] = review.Line?.Side,
                    ["suggestions"] = new JsonArray(suggestions.Select(s => (JsonNode)new JsonObject
                    {
                        ["body"] = s.Body, ["score"] = s.Score, ["source"] = s.Source,
                    }).ToArray()),
                };
            }
            // prediction_id is added by the serving endpoint, which stores the prediction so feedback can refer to it.
            return answer;
        }

        private ScoringRequest Read(JsonElement input, string where)
        {
            if (input.ValueKind != JsonValueKind.Object)
            {
                throw RelearnException.Invalid($"{(where.Length == 0 ? "the body" : where.TrimEnd('.'))} must be an object with \"patch\" (one hunk) or \"diff\" (a unified diff)");
            }
            var patch = Text(input, "patch", where);
            var diff = Text(input, "diff", where);
            if ((patch is null) == (diff is null))
            {
                throw RelearnException.Invalid($"{where}give exactly one of \"patch\" (one hunk) or \"diff\" (a unified diff)");
            }
            var text = patch ?? diff!;
            if (text.Length > options.MaxDiffChars)
            {
                throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"{where}{(patch is null ? "diff" : "patch")} is {text.Length} characters, over the limit of {options.MaxDiffChars} ({ReviewAssistOptions.Section}:MaxDiffChars)"));
            }
            if (diff is not null)
            {
                return new ScoringRequest(null, UnifiedDiff.Parse(diff), new HunkContext("unknown"));
            }
            if (patch!.Contains('\0', StringComparison.Ordinal))
            {
                throw RelearnException.Invalid($"{where}patch is binary (it holds NUL bytes)");
            }
            var path = Text(input, "path", where);
            return new ScoringRequest(DiffHunk.Parse(patch), null, new HunkContext(Languages.Normalize(Text(input, "lang", where), path), path));
        }

        private static string? Text(JsonElement input, string name, string where) =>
            !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw RelearnException.Invalid($"{where}{name} must be a string");
    }

    private sealed record ScoringRequest(DiffHunk? Hunk, IReadOnlyList<FileDiff>? Diff, HunkContext Context);
}
