using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Relearn.Core.Models;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Packages;

/// <summary>
/// Makes the package of a registered version from what the registry already keeps: the stored model artifact, the
/// training run's model card and reference profile (found by name; both optional) and the registered metrics.
/// Nothing is cached: the bytes are deterministic, so building again gives the same digest.
/// </summary>
public sealed class ModelPackageBuilder(IArtifactStore artifacts, ITrackingStore tracking)
{
    /// <summary>Packages <paramref name="version"/>; a version registered from an outside source has no package (invalid input).</summary>
    public async Task<PackageArchive> BuildAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.IsServable)
        {
            throw RelearnException.Invalid($"{version.Name}:{version.Version} was registered from an outside source and has no Relearn model to package");
        }
        var (model, modelBytes) = ModelPackage.Unpack(await artifacts.ReadBytesAsync(version.ModelDigest, cancellationToken));
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [PackageManifest.ModelEntry] = modelBytes,
            [PackageManifest.MetricsEntry] = JsonSerializer.SerializeToUtf8Bytes(
                new SortedDictionary<string, double>(version.Metrics.ToDictionary(), StringComparer.Ordinal), JsonDefaults.Indented),
        };
        var run = version.RunId.Length == 0 ? null : await tracking.GetRunAsync(version.RunId, cancellationToken);
        if (run?.Artifacts.FirstOrDefault(a => a.Path == PackageManifest.ModelCardEntry) is { } card)
        {
            entries[PackageManifest.ModelCardEntry] = await artifacts.ReadBytesAsync(card.Digest, cancellationToken);
        }
        // The monitoring part keeps a version's reference profile as a run artifact of this name; looked up by name so a
        // package needs nothing from the monitoring code.
        if (run?.Artifacts.FirstOrDefault(a => a.Path == PackageManifest.ReferenceProfileEntry) is { } profile)
        {
            entries[PackageManifest.ReferenceProfileEntry] = await artifacts.ReadBytesAsync(profile.Digest, cancellationToken);
        }
        var manifest = new PackageManifest(model.Task, model.Classes, model.Input, model.Output, model.Format,
            version.Name, version.Version, version.CreatedAt, version.RunId, version.DatasetVersion,
            new Dictionary<string, PackageEntry>(), Frameworks());
        return PackageArchive.Create(manifest, entries);
    }

    /// <summary>The versions of what wrote the package, without build metadata (a commit hash would change the bytes on every build).</summary>
    private static SortedDictionary<string, string> Frameworks() => new(StringComparer.Ordinal)
    {
        ["dotnet"] = Environment.Version.ToString(),
        ["mlnet"] = Version(typeof(MLContext).Assembly),
        ["relearn"] = Version(typeof(ModelPackageBuilder).Assembly),
    };

    private static string Version(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
