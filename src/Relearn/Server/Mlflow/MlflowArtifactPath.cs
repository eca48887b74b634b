using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Relearn.Core.Tracking;

namespace Relearn.Server.Mlflow;

/// <summary>
/// Where an artifact-proxy path points: <c>{experiment_id}/{run_id}/artifacts[/{file}]</c>, the shape of the
/// <c>mlflow-artifacts:/</c> URIs this server gives runs. The path is read from the request target exactly as sent,
/// not from the routed path (which Kestrel has already decoded and had its dot segments removed), so
/// percent-encoded dots and separators (<c>%2e%2e</c>, <c>%2F</c>, <c>%5C</c>) are seen and refused; what is left is
/// decoded once and checked by <see cref="MlflowArtifactListing.ValidatePath"/>.
/// </summary>
internal sealed record MlflowArtifactPath(long ExperimentId, string RunId, string File)
{
    public const string ArtifactsSegment = "artifacts";

    /// <summary>The path after <paramref name="routePrefix"/> in the raw request target.</summary>
    public static string FromRequestTarget(HttpContext context, string routePrefix)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw : raw[..query];
        if (!path.StartsWith(routePrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw MlflowException.Invalid($"Invalid path '{path}': give {routePrefix}/EXPERIMENT_ID/RUN_ID/artifacts/FILE");
        }
        var rest = path[routePrefix.Length..];
        rest = rest.StartsWith('/') ? rest[1..] : rest; // one separator after the prefix; a second one makes the path absolute
        foreach (var encoded in new[] { "%2e", "%2f", "%5c", "%23", "%00" })
        {
            if (rest.Contains(encoded, StringComparison.OrdinalIgnoreCase))
            {
                throw MlflowException.Invalid($"Invalid path '{rest}': it percent-encodes a dot, separator, '#' or NUL; send them plainly or not at all");
            }
        }
        return Uri.UnescapeDataString(rest);
    }

    /// <summary>Checks a decoded path and splits it; <paramref name="fileRequired"/> for uploads and downloads.</summary>
    public static MlflowArtifactPath Parse(string path, bool fileRequired)
    {
        var valid = MlflowArtifactListing.ValidatePath(path);
        var parts = valid.Split('/', 4);
        if (parts.Length < 3 || parts[2] != ArtifactsSegment
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var experimentId) || parts[1].Length == 0)
        {
            throw MlflowException.Invalid($"Invalid path '{path}': give EXPERIMENT_ID/RUN_ID/artifacts/FILE, as in a run's artifact_uri");
        }
        var file = parts.Length == 4 ? parts[3] : "";
        if (fileRequired && file.Length == 0)
        {
            throw MlflowException.Invalid($"Invalid path '{path}': it names the run's artifact folder, not a file");
        }
        return new MlflowArtifactPath(experimentId, parts[1], file);
    }

    /// <summary>The run the path names; not found when it does not exist or belongs to another experiment.</summary>
    public async Task<Run> RequireRunAsync(ITrackingStore store, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(RunId, cancellationToken);
        return run is not null && run.Info.ExperimentId == ExperimentId
            ? run
            : throw MlflowException.NotFound($"Run '{RunId}' not found in experiment {ExperimentId}");
    }
}
