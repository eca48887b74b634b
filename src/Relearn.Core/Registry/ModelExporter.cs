using System.Globalization;
using System.Text.Json;
using Relearn.Core.Storage;

namespace Relearn.Core.Registry;

/// <summary>
/// Exports model versions to the artifact store under stable names, like the seed project's S3 layout:
/// <c>exports/{model}/latest</c> always points at the newest export and <c>exports/{model}/history/v{N}</c>
/// keeps every one. Each name resolves to a small JSON manifest that names the model package's digest.
/// </summary>
public sealed class ModelExporter(IArtifactStore artifacts, TimeProvider time)
{
    /// <summary>Reference name of the newest export of a model.</summary>
    public static string LatestName(string model) => $"exports/{model}/latest";

    /// <summary>Reference name of one version's export.</summary>
    public static string HistoryName(string model, int version) => string.Create(CultureInfo.InvariantCulture, $"exports/{model}/history/v{version}");

    /// <summary>Writes the export manifest and points <c>history/vN</c> and <c>latest</c> at it.</summary>
    public async Task<string> ExportAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        var manifest = JsonSerializer.Serialize(new
        {
            model = version.Name,
            version = version.Version,
            task = version.Task,
            model_digest = version.ModelDigest,
            run_id = version.RunId,
            dataset = version.DatasetVersion,
            metrics = version.Metrics,
            exported_at = time.GetUtcNow(),
        }, JsonDefaults.Indented);
        var stored = await artifacts.PutTextAsync(manifest, cancellationToken);
        await artifacts.SetReferenceAsync(HistoryName(version.Name, version.Version), stored.Digest, cancellationToken);
        await artifacts.SetReferenceAsync(LatestName(version.Name), stored.Digest, cancellationToken);
        return stored.Digest;
    }
}
