using Relearn.Core.Pipelines.Caching;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines;

/// <summary>Puts file outputs back in the project folder from the artifact store (DVC's checkout) when missing or changed.</summary>
internal static class OutputFiles
{
    public static async Task RestoreAsync(IArtifactStore artifacts, string projectFolder, IEnumerable<StageOutput> outputs, CancellationToken cancellationToken)
    {
        foreach (var output in outputs.Where(o => o.Kind == StageOutputKind.File && o.Digest is not null))
        {
            var path = Path.Combine(projectFolder, output.Value);
            if (File.Exists(path) && await FileDigest.ComputeAsync(path, cancellationToken) == output.Digest)
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            await using (var source = await artifacts.OpenReadAsync(output.Digest!, cancellationToken))
            await using (var target = File.Create(temporary))
            {
                await source.CopyToAsync(target, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
        }
    }
}
