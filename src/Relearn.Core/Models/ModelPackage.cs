using System.IO.Compression;
using System.Text.Json;

namespace Relearn.Core.Models;

/// <summary>
/// The stored form of a model: a zip with <c>relearn-model.json</c> (the <see cref="ModelManifest"/>) and
/// <c>model.zip</c> (the ML.NET model), so a model artifact alone says how to load and serve it.
/// </summary>
public static class ModelPackage
{
    private const string ManifestEntry = "relearn-model.json";
    private const string ModelEntry = "model.zip";

    /// <summary>Packs a manifest and the serialized model.</summary>
    public static byte[] Pack(ModelManifest manifest, byte[] model)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
            {
                JsonSerializer.Serialize(entry, manifest, JsonDefaults.Indented);
            }
            using var modelEntry = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open();
            modelEntry.Write(model);
        }
        return buffer.ToArray();
    }

    /// <summary>Unpacks a model artifact; a file that is not one is an invalid-input error.</summary>
    public static (ModelManifest Manifest, byte[] Model) Unpack(byte[] package)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw RelearnException.Invalid("the artifact is not a Relearn model package (no manifest)");
            ModelManifest manifest;
            using (var stream = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<ModelManifest>(stream, JsonDefaults.Indented)
                    ?? throw RelearnException.Invalid("the model manifest is empty");
            }
            var modelEntry = zip.GetEntry(ModelEntry) ?? throw RelearnException.Invalid("the model package has no model entry");
            using var model = new MemoryStream();
            using (var stream = modelEntry.Open())
            {
                stream.CopyTo(model);
            }
            return (manifest, model.ToArray());
        }
        catch (InvalidDataException e)
        {
            throw RelearnException.Invalid("the artifact is not a Relearn model package", e);
        }
    }
}
