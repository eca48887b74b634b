using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Packages;

/// <summary>
/// A model package loaded for scoring in any .NET program, without a Relearn server or store:
/// <code>
/// var package = RelearnModelPackage.Load("sentiment-v3.zip");
/// JsonObject prediction = package.Predict(new { text = "works great" });
/// </code>
/// The package is a zip (<c>GET /api/v1/models/{name}/versions/{v}/package</c>) or the folder
/// <c>relearn models pull</c> writes. Every entry's SHA-256 is checked against <c>relearn-model.json</c> before
/// anything is loaded; a package that fails is refused with a <see cref="RelearnException"/> saying which entry.
/// Predictions carry <c>model</c> and <c>version</c>, as the server's do (the server also adds its <c>prediction_id</c>).
/// Instances are thread-safe.
/// </summary>
public sealed class RelearnModelPackage
{
    private RelearnModelPackage(PackageArchive archive, IServableModel model)
    {
        Archive = archive;
        Model = model;
    }

    /// <summary>The verified package: its manifest, entries and digest.</summary>
    public PackageArchive Archive { get; }

    /// <summary>The package's <c>relearn-model.json</c>: name, version, task, classes, entry digests, framework versions.</summary>
    public PackageManifest Manifest => Archive.Manifest;

    /// <summary>The loaded model.</summary>
    public IServableModel Model { get; }

    /// <summary>The model card (markdown), or null when the package has none.</summary>
    public string? ModelCard => Archive.Entry(PackageManifest.ModelCardEntry) is { } card ? System.Text.Encoding.UTF8.GetString(card) : null;

    /// <summary>
    /// Loads the package at <paramref name="path"/> (a zip or an unpacked folder) with the tasks that can load it:
    /// by default text classification, which Relearn.Core holds; pass <c>new IssueCloseTask()</c> (Relearn.GitHub) for
    /// issue-close models.
    /// </summary>
    public static RelearnModelPackage Load(string path, params IEnumerable<IModelTask> tasks) => Load(PackageArchive.Read(path), tasks);

    /// <summary>Loads a package from its zip bytes (for example a response body).</summary>
    public static RelearnModelPackage Load(byte[] zip, params IEnumerable<IModelTask> tasks) => Load(PackageArchive.Read(zip), tasks);

    /// <summary>Loads a verified package with the tasks that can load it (text classification when none is given).</summary>
    public static RelearnModelPackage Load(PackageArchive archive, params IEnumerable<IModelTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(tasks);
        var known = tasks.ToList();
        if (known.Count == 0)
        {
            known.Add(new TextClassificationTask());
        }
        var manifest = archive.Manifest;
        var task = known.FirstOrDefault(t => t.Name == manifest.Task)
            ?? throw RelearnException.Invalid($"the package holds a {manifest.Task} model; pass a task that loads it (known here: {string.Join(", ", known.Select(t => t.Name))})");
        // The stored model artifact is the manifest's model fields plus model.zip: rebuilt here so a folder loads as a zip does.
        var stored = ModelPackage.Pack(new ModelManifest(manifest.Task, manifest.Classes, manifest.Input, manifest.Output, manifest.Format),
            archive.Entry(PackageManifest.ModelEntry)!);
        return new RelearnModelPackage(archive, task.Load(stored));
    }

    /// <summary>Scores one input object (e.g. <c>{"text": "..."}</c>); a bad input is a <see cref="RelearnException"/> naming the field.</summary>
    public JsonObject Predict(JsonElement input) => Tag(Model.Predict(input));

    /// <summary>Scores one input given as any object that serializes to the model's input fields, e.g. <c>new { text = "..." }</c>.</summary>
    public JsonObject Predict(object input) => Predict(JsonSerializer.SerializeToElement(input, JsonDefaults.Compact));

    /// <summary>Scores many inputs in order; all are validated before any is scored.</summary>
    public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs) => [.. Model.PredictBatch(inputs).Select(Tag)];

    private JsonObject Tag(JsonObject prediction)
    {
        prediction["model"] = Manifest.Name;
        prediction["version"] = Manifest.Version;
        return prediction;
    }
}
