using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core;
using Relearn.Core.Models;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Quality.Checks;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>The issue-close model task: evaluation on raw GitHub issue files and scoring of issue objects.</summary>
public sealed class IssueCloseTask : IModelTask
{
    /// <inheritdoc />
    public string Name => IssueCloseModel.TaskName;

    /// <inheritdoc />
    public string PrimaryMetric => "auc";

    /// <inheritdoc />
    /// <remarks>The label says how the issue went: <c>closed-within-7-days</c> / <c>open-after-7-days</c>, or 1/0.</remarks>
    public FeedbackEntry ReadFeedback(JsonElement item, ModelManifest manifest) => FeedbackEntry.ClassLabel(item, manifest.Classes);

    /// <inheritdoc />
    public byte[] ReadEvaluationData(IReadOnlyList<string> paths)
    {
        var data = IssueCloseData.ReadFiles(paths);
        data.RequireTrainable(minimum: 10);
        return ToCanonicalBytes(data.Examples);
    }

    /// <inheritdoc />
    public IBehaviouralChecks Checks { get; } = new IssueCloseChecks();

    /// <inheritdoc />
    public IServableModel Load(byte[] package) => new Servable(IssueCloseModel.FromPackage(package));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate(IServableModel model, byte[] evaluationData) =>
        ((Servable)model).Model.Evaluate(FromCanonicalBytes(evaluationData));

    /// <summary>Examples as JSON Lines: the stored form of issue-close datasets and evaluation splits.</summary>
    public static byte[] ToCanonicalBytes(IEnumerable<IssueCloseExample> examples)
    {
        var text = new StringBuilder();
        foreach (var example in examples)
        {
            text.Append(JsonSerializer.Serialize(example, JsonDefaults.Compact)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads <see cref="ToCanonicalBytes"/> back.</summary>
    public static IReadOnlyList<IssueCloseExample> FromCanonicalBytes(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<IssueCloseExample>(line, JsonDefaults.Compact)!)
            .ToList();

    private sealed class Servable(IssueCloseModel model) : IServableModel
    {
        public IssueCloseModel Model => model;

        public ModelManifest Manifest => IssueCloseModel.Manifest;

        public JsonObject Predict(JsonElement input) =>
            ReadIssue(input, null) is { } issue
                ? ToJson(issue, model.Predict(issue))
                : throw RelearnException.Invalid("the body is a pull request; issue-close scores issues");

        /// <summary>
        /// Pull requests in a batch are answered with <c>skipped</c> instead of failing the batch. The batch (issues and pull
        /// requests) is the history each issue's point-in-time context comes from; a single issue has none (missing features).
        /// </summary>
        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs)
        {
            var history = new RepositoryHistory();
            foreach (var input in inputs)
            {
                history.Add(input);
            }
            var issues = inputs.Select((input, i) => ReadIssue(input, i) is { } issue ? issue with { Context = history.At(issue.Author, issue.CreatedAt) } : null).ToList();
            var scored = issues.OfType<IssueCloseExample>().ToList();
            var probabilities = model.PredictBatch(scored);
            var next = 0;
            return issues.Select((issue, i) => issue is null
                ? new JsonObject { ["number"] = ReadNumber(inputs[i], string.Create(CultureInfo.InvariantCulture, $"instances[{i}].")) is { } n ? JsonValue.Create(n) : null, ["skipped"] = "pull request" }
                : ToJson(issue, probabilities[next++])).ToList();
        }

        private static IssueCloseExample? ReadIssue(JsonElement input, int? index)
        {
            var where = index is null ? "" : string.Create(CultureInfo.InvariantCulture, $"instances[{index}].");
            if (input.ValueKind != JsonValueKind.Object)
            {
                throw RelearnException.Invalid($"{(index is null ? "the body" : $"instances[{index}]")} must be a GitHub issue object");
            }
            if (input.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
            {
                return null;
            }
            var title = input.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : throw RelearnException.Invalid($"{where}title is required and must be a string");
            var created = input.TryGetProperty("created_at", out var c) && c.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw RelearnException.Invalid($"{where}created_at is required as an ISO 8601 time");
            var body = input.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
            var association = input.TryGetProperty("author_association", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "NONE";
            var author = input.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object && u.TryGetProperty("login", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
            return new IssueCloseExample(ReadNumber(input, where) ?? 0, title, body, author, association, created, null);
        }

        /// <summary>The optional issue number; any other type than a whole number is the caller's mistake (a 400, not a crash).</summary>
        private static long? ReadNumber(JsonElement input, string where) =>
            !input.TryGetProperty("number", out var n) || n.ValueKind == JsonValueKind.Null ? null
            : n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var number) ? number
            : throw RelearnException.Invalid($"{where}number must be a whole number, not {n.ValueKind.ToString().ToLowerInvariant()}");

        private static JsonObject ToJson(IssueCloseExample issue, double probability) => new()
        {
            ["number"] = issue.Number,
            ["probability"] = Math.Round(probability, 6),
            ["label"] = probability >= 0.5 ? "closed-within-7-days" : "open-after-7-days",
        };
    }
}
