namespace Relearn.Core.Models;

/// <summary>What a packaged model is: its task, classes and the shape of its input and output.</summary>
/// <param name="Task">Task kind, e.g. <c>text-classification</c>.</param>
/// <param name="Classes">Class names, negative first for binary tasks.</param>
/// <param name="Input">Input fields and types, e.g. <c>text:string</c>.</param>
/// <param name="Output">Output fields and types.</param>
/// <param name="Format">Serialization of the model entry.</param>
public sealed record ModelManifest(string Task, IReadOnlyList<string> Classes, string Input, string Output, string Format = "mlnet");
