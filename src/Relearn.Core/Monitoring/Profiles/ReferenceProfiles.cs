using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Monitoring.Profiles;

/// <summary>
/// The reference profile of each model version: built from the version's dataset version (its inputs as the task
/// reads them, scored by the version on a bounded sample for the <c>prediction.*</c> columns), stored as an artifact
/// under a named reference, and built on first use for versions registered before profiles existed.
/// </summary>
public sealed class ReferenceProfiles(IArtifactStore artifacts, IDatasetCatalog datasets, ModelRegistry registry, ModelTaskCatalog tasks, ILogger<ReferenceProfiles> logger)
    : IModelVersionObserver
{
    /// <summary>Most reference rows scored by the version for the prediction columns.</summary>
    public const int MaxScoredRows = 1000;

    private static readonly JsonSerializerOptions Json = DriftJson.Compact;

    /// <summary>The named reference a version's profile is stored under.</summary>
    public static string ReferenceName(string model, int version) => string.Create(CultureInfo.InvariantCulture, $"monitoring/profiles/{model}/{version}");

    /// <summary>The stored profile of <paramref name="version"/>, building and storing it first when there is none.</summary>
    public async Task<ReferenceProfile> GetAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (await artifacts.GetReferenceAsync(ReferenceName(version.Name, version.Version), cancellationToken) is { } digest)
        {
            var bytes = await artifacts.ReadBytesAsync(digest, cancellationToken);
            return JsonSerializer.Deserialize<ReferenceProfile>(bytes, Json) ?? throw new InvalidDataException($"profile {digest} is empty");
        }
        return await BuildAndStoreAsync(version, cancellationToken);
    }

    /// <summary>Builds the profile of <paramref name="version"/> from its dataset version and stores it (replacing any earlier one).</summary>
    public async Task<ReferenceProfile> BuildAndStoreAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var profile = await BuildAsync(version, cancellationToken);
        var stored = await artifacts.PutBytesAsync(JsonSerializer.SerializeToUtf8Bytes(profile, Json), cancellationToken);
        // The blob is complete before the name points at it: a reader never sees half a profile.
        await artifacts.SetReferenceAsync(ReferenceName(version.Name, version.Version), stored.Digest, cancellationToken);
        return profile;
    }

    /// <inheritdoc />
    async Task IModelVersionObserver.OnRegisteredAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await BuildAndStoreAsync(version, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Registration stands without a profile: one is built on demand at the first drift check.
            logger.ReferenceProfileFailed(e, version.Name, version.Version);
        }
    }

    private async Task<ReferenceProfile> BuildAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var source = version.DatasetVersion ?? throw RelearnException.Invalid(
            string.Create(CultureInfo.InvariantCulture, $"version {version.Version} of '{version.Name}' records no dataset version to build a reference profile from"));
        var colon = source.LastIndexOf(':');
        var dataset = (colon > 0 && int.TryParse(source[(colon + 1)..], CultureInfo.InvariantCulture, out var number)
                ? await datasets.GetAsync(source[..colon], number, cancellationToken) : null)
            ?? throw RelearnException.NotFound($"dataset version {source} of '{version.Name}' version {version.Version} does not exist");
        var task = tasks.Get(version.Task);
        var inputs = task.ReferenceInputs(await artifacts.ReadBytesAsync(dataset.Digest, cancellationToken))?.ToList() ?? [];
        var columns = ReferenceProfileBuilder.Build(inputs.Select(i => ProfileRows.Row(i, null))).ToList();
        if (inputs.Count > 0 && version.IsServable)
        {
            columns.AddRange(await ScoreAsync(version, inputs, cancellationToken));
        }
        return new ReferenceProfile(version.Name, version.Version, version.Task, source, inputs.Count, columns, version.Metrics);
    }

    private async Task<IReadOnlyList<ColumnProfile>> ScoreAsync(ModelVersion version, List<JsonElement> inputs, CancellationToken cancellationToken)
    {
        var model = await registry.LoadAsync(version, cancellationToken);
        // An even spread over the rows, not the first ones: files are often sorted by label or source.
        var step = Math.Max(1, inputs.Count / MaxScoredRows);
        var scored = Enumerable.Range(0, Math.Min(inputs.Count, MaxScoredRows)).Select(i => inputs[i * step]).ToList();
        var answers = await Task.Run(() => model.PredictBatch(scored), cancellationToken);
        var rows = answers.Select(a =>
        {
            var row = ProfileRows.Row(JsonSerializer.SerializeToElement(a), null);
            return row.ToDictionary(p => ProfileRows.PredictionPrefix + p.Key, p => p.Value, StringComparer.Ordinal);
        });
        return ReferenceProfileBuilder.Build(rows).Where(c => !c.Name.EndsWith(".prediction_id", StringComparison.Ordinal)).ToList();
    }
}
