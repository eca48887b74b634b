namespace Relearn.Core.Packages;

/// <summary>
/// <c>relearn-model.json</c> of a model package: which model version it is, how to load it and the SHA-256 of every
/// other entry. Its first fields are the stored model's <see cref="Models.ModelManifest"/> (task, classes, input,
/// output, format), so a package is also a model artifact that <see cref="Models.ModelPackage.Unpack"/> reads.
/// </summary>
/// <param name="Task">Task kind, e.g. <c>text-classification</c>.</param>
/// <param name="Classes">Class names, negative first for binary tasks.</param>
/// <param name="Input">Input fields and types.</param>
/// <param name="Output">Output fields and types.</param>
/// <param name="Format">Serialization of the <c>model.zip</c> entry.</param>
/// <param name="Name">Registered model name.</param>
/// <param name="Version">Version number.</param>
/// <param name="Created">When the version was registered (not when the package was made, so its bytes stay the same).</param>
/// <param name="RunId">The training run, empty when unknown.</param>
/// <param name="Dataset">The dataset version the run trained on (<c>name:version</c>), or null.</param>
/// <param name="Entries">Entry name → its SHA-256 and size in bytes; every entry but this manifest is listed.</param>
/// <param name="Frameworks">What made the package: <c>relearn</c>, <c>mlnet</c> and <c>dotnet</c> versions.</param>
/// <param name="PackageFormat">Version of this layout; a reader refuses a newer one.</param>
public sealed record PackageManifest(
    string Task,
    IReadOnlyList<string> Classes,
    string Input,
    string Output,
    string Format,
    string Name,
    int Version,
    DateTimeOffset Created,
    string RunId,
    string? Dataset,
    IReadOnlyDictionary<string, PackageEntry> Entries,
    IReadOnlyDictionary<string, string> Frameworks,
    int PackageFormat = PackageManifest.CurrentFormat)
{
    /// <summary>The layout this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Entry name of the manifest.</summary>
    public const string FileName = "relearn-model.json";

    /// <summary>Entry name of the serialized model (the same bytes as in the stored model artifact).</summary>
    public const string ModelEntry = "model.zip";

    /// <summary>Entry name of the model card (markdown), when the training run wrote one.</summary>
    public const string ModelCardEntry = "model-card.md";

    /// <summary>Entry name of the registered metrics (a JSON object, keys in order).</summary>
    public const string MetricsEntry = "metrics.json";

    /// <summary>Entry name of the reference profile monitoring compares live traffic with, when the version has one.</summary>
    public const string ReferenceProfileEntry = "reference-profile.json";
}

/// <summary>One entry of a package as its manifest records it.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the entry's bytes.</param>
/// <param name="Size">Length in bytes.</param>
public sealed record PackageEntry(string Sha256, long Size);
