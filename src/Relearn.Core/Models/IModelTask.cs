using System.Text.Json;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Quality.Checks;

namespace Relearn.Core.Models;

/// <summary>
/// What the platform needs to know about one kind of model to evaluate, compare and serve it, whatever
/// trained it. Each reference pipeline contributes one.
/// </summary>
public interface IModelTask
{
    /// <summary>Task name as recorded in manifests and the registry, e.g. <c>text-classification</c>.</summary>
    string Name { get; }

    /// <summary>The metric promotion compares (higher is better).</summary>
    string PrimaryMetric { get; }

    /// <summary>Reads user files into the task's canonical evaluation data (throws a one-line error on bad input).</summary>
    byte[] ReadEvaluationData(IReadOnlyList<string> paths);

    /// <summary>Loads a packaged model for scoring.</summary>
    IServableModel Load(byte[] package);

    /// <summary>Evaluates a loaded model on canonical evaluation data.</summary>
    IReadOnlyDictionary<string, double> Evaluate(IServableModel model, byte[] evaluationData);

    /// <summary>
    /// Checks one feedback item (<c>{"prediction_id", "label", ...}</c>) for a prediction of a model with
    /// <paramref name="manifest"/> and returns what to store; throws an invalid-input <see cref="RelearnException"/>
    /// naming what is wrong. By default the label must be one of the manifest's classes; a task with another kind of
    /// feedback (review-assist: <c>{"outcome", "text"}</c>) implements its own.
    /// </summary>
    FeedbackEntry ReadFeedback(JsonElement item, ModelManifest manifest) => FeedbackEntry.ClassLabel(item, manifest.Classes);

    /// <summary>
    /// The prediction inputs (as the predict endpoint takes them) held in a dataset version's canonical bytes, for
    /// the version's monitoring reference profile; null when the task cannot say (the profile then has no inputs).
    /// </summary>
    IEnumerable<JsonElement>? ReferenceInputs(byte[] dataset) => null;

    /// <summary>
    /// The task's behavioural checks (CheckList MFT/INV/DIR, leak checks) and sample inputs for non-functional checks;
    /// null when the task has none (its versions are then checked for non-functional figures only where it can give inputs).
    /// </summary>
    IBehaviouralChecks? Checks => null;
}
