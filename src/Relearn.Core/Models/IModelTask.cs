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
}
