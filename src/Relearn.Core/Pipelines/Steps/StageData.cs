using System.Globalization;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// The data files a step reads: a JSON Lines dataset version named by <c>dataset: NAME:VERSION</c> (as <c>ingest</c>
/// outputs it), copied from the artifact store into a scratch folder that is deleted afterwards; else the
/// <c>data</c> argument or the stage's inputs (<see cref="StepArguments.DataFiles"/>).
/// </summary>
public sealed class StageData : IDisposable
{
    private readonly string? _scratch;

    private StageData(IReadOnlyList<string> files, DatasetVersion? dataset, string? scratch)
    {
        Files = files;
        Dataset = dataset;
        _scratch = scratch;
    }

    /// <summary>Local paths to read.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The dataset version the files came from, when one was named.</summary>
    public DatasetVersion? Dataset { get; }

    /// <summary>Resolves the stage's data.</summary>
    public static async Task<StageData> ResolveAsync(StepContext context, IDatasetCatalog datasets, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(artifacts);
        if (context.OptionalArg("dataset") is not { } id)
        {
            return new StageData(context.DataFiles(), null, null);
        }
        var version = await FindDatasetAsync(context, datasets, id, cancellationToken);
        // JSON Lines schemas end "json" (github-issue-json) or "jsonl" (codereviewer-jsonl, pull request ingest's hunks).
        if (!version.Schema.EndsWith("json", StringComparison.Ordinal) && !version.Schema.EndsWith("jsonl", StringComparison.Ordinal))
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: dataset {version.Id} has schema '{version.Schema}', not JSON Lines; give its files as inputs");
        }
        var scratch = Directory.CreateTempSubdirectory("relearn-stage-").FullName;
        var path = Path.Combine(scratch, "dataset.jsonl");
        await CopyAsync(artifacts, version, path, cancellationToken);
        return new StageData([path], version, scratch);
    }

    /// <summary>Writes the rows of dataset <paramref name="version"/> from the artifact store to the local file <paramref name="path"/>.</summary>
    public static async Task CopyAsync(IArtifactStore artifacts, DatasetVersion version, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(version);
        await using var source = await artifacts.OpenReadAsync(version.Digest, cancellationToken);
        await using var target = File.Create(path);
        await source.CopyToAsync(target, cancellationToken);
    }

    /// <summary>The dataset version <paramref name="id"/> (<c>NAME:VERSION</c>) names; one line naming the stage when it is malformed or unknown.</summary>
    public static async Task<DatasetVersion> FindDatasetAsync(StepContext context, IDatasetCatalog datasets, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(id);
        var colon = id.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: dataset '{id}' is not NAME:VERSION");
        }
        return await datasets.GetAsync(id[..colon], number, cancellationToken)
            ?? throw RelearnException.NotFound($"stage {context.Stage.Name}: dataset {id} does not exist");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_scratch is not null)
        {
            try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
        }
    }
}
