using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Quality.Checks;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>Binary text classification (the sentiment pipeline) as a model task.</summary>
public sealed class TextClassificationTask : IModelTask
{
    /// <inheritdoc />
    public string Name => TextClassifier.TaskName;

    /// <inheritdoc />
    public string PrimaryMetric => "auc";

    /// <inheritdoc />
    public byte[] ReadEvaluationData(IReadOnlyList<string> paths)
    {
        var rows = LabelledTextReader.ReadFiles(paths);
        LabelledTextReader.RequireTrainable(rows);
        return LabelledTextReader.ToCanonicalBytes(rows);
    }

    /// <inheritdoc />
    public IBehaviouralChecks Checks { get; } = new TextClassificationChecks();

    /// <inheritdoc />
    public IServableModel Load(byte[] package) => new Servable(TextClassifier.FromPackage(package));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate(IServableModel model, byte[] evaluationData) =>
        ((Servable)model).Classifier.Evaluate(LabelledTextReader.FromCanonicalBytes(evaluationData)).ToMetrics();

    /// <inheritdoc />
    /// <remarks>A label is a class name, or 0/1 (false/true) as the training files write them.</remarks>
    public FeedbackEntry ReadFeedback(JsonElement item, ModelManifest manifest) => FeedbackEntry.ClassLabel(item, manifest.Classes);

    /// <inheritdoc />
    public IEnumerable<JsonElement>? ReferenceInputs(byte[] dataset) =>
        LabelledTextReader.FromCanonicalBytes(dataset).Select(row => JsonSerializer.SerializeToElement(new JsonObject { ["text"] = row.Text }));

    private sealed class Servable(TextClassifier classifier) : IServableModel
    {
        public TextClassifier Classifier => classifier;

        public ModelManifest Manifest => classifier.Manifest;

        public bool PrefersBatches => classifier.PrefersBatches;

        public JsonObject Predict(JsonElement input) => ToJson(classifier.Predict(ReadText(input, null)));

        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs)
        {
            var texts = inputs.Select((input, i) => ReadText(input, i)).ToList();
            return classifier.PredictBatch(texts).Select(ToJson).ToList();
        }

        private static string ReadText(JsonElement input, int? index)
        {
            var where = index is null ? "" : $"instances[{index}].";
            if (input.ValueKind != JsonValueKind.Object)
            {
                throw RelearnException.Invalid($"{(index is null ? "the body" : $"instances[{index}]")} must be a JSON object like {{\"text\": \"...\"}}");
            }
            if (!input.TryGetProperty("text", out var text))
            {
                throw RelearnException.Invalid($"{where}text is required");
            }
            if (text.ValueKind != JsonValueKind.String)
            {
                throw RelearnException.Invalid($"{where}text must be a string, not {text.ValueKind.ToString().ToLowerInvariant()}");
            }
            var value = text.GetString()!;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw RelearnException.Invalid($"{where}text must not be empty");
            }
            return value;
        }

        private static JsonObject ToJson(TextPrediction p) => new()
        {
            ["label"] = p.Label,
            ["confidence"] = Math.Round(p.Confidence, 6),
            ["probability"] = Math.Round(p.Probability, 6),
        };
    }
}
