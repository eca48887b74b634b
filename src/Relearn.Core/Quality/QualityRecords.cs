using System.Globalization;
using System.Text.Json;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Quality;

/// <summary>
/// Where quality results live: each check, non-functional measurement and score is a tracking run in the
/// <c>relearn-quality</c> experiment, tagged with the kind (<c>relearn.quality</c>) and the model version
/// (<c>relearn.model</c>, <c>relearn.model_version</c>), its report stored as the <c>report.json</c> artifact — so the
/// history is searchable like any run and no table of its own is needed. Manual ML Test Score records are model tags
/// (<c>relearn.test_score.manual.ID</c>): a person's review holds for the model, not one version.
/// </summary>
public sealed class QualityRecords(ITrackingStore tracking, IArtifactStore artifacts, IModelRegistryStore registry, TimeProvider time)
{
    /// <summary>The experiment that holds quality runs.</summary>
    public const string Experiment = "relearn-quality";

    /// <summary>Tag naming the kind of quality run: <c>check</c>, <c>nfr</c> or <c>score</c>.</summary>
    public const string KindTag = "relearn.quality";

    /// <summary>Tag naming the model.</summary>
    public const string ModelTag = "relearn.model";

    /// <summary>Tag naming the version number.</summary>
    public const string VersionTag = "relearn.model_version";

    /// <summary>Version tag naming the pipeline run that checked or scored the version.</summary>
    public const string PipelineRunTag = "relearn.pipeline_run";

    /// <summary>Prefix of the model tags that hold manual ML Test Score records.</summary>
    public const string ManualTagPrefix = "relearn.test_score.manual.";

    /// <summary>The report artifact of a quality run.</summary>
    public const string ReportArtifact = "report.json";

    /// <summary>Records a quality run for <paramref name="version"/>: report, metrics, and whether its gates passed.</summary>
    public async Task<string> RecordAsync(string kind, ModelVersion version, object report, IReadOnlyDictionary<string, double> metrics, bool passed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var experiment = await tracking.GetOrCreateExperimentAsync(Experiment, cancellationToken);
        var run = await tracking.CreateRunAsync(experiment.Id, string.Create(CultureInfo.InvariantCulture, $"{kind} {version.Name}:{version.Version}"), cancellationToken: cancellationToken);
        await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string>
        {
            [KindTag] = kind,
            [ModelTag] = version.Name,
            [VersionTag] = version.Version.ToString(CultureInfo.InvariantCulture),
            ["relearn.passed"] = passed ? "true" : "false",
        }, cancellationToken);
        var now = time.GetUtcNow();
        await tracking.LogMetricsAsync(run.RunId, metrics.Where(m => double.IsFinite(m.Value)).Select(m => new MetricPoint(m.Key, m.Value, 0, now)), cancellationToken);
        var stored = await artifacts.PutTextAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented), cancellationToken);
        await tracking.AddArtifactAsync(run.RunId, ReportArtifact, stored, cancellationToken);
        await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
        return run.RunId;
    }

    /// <summary>The newest finished quality run of <paramref name="kind"/> for a version, with its report; null when none.</summary>
    public async Task<QualityRun<T>?> LatestAsync<T>(string kind, string model, int version, CancellationToken cancellationToken = default)
    {
        var experiment = await tracking.GetExperimentByNameAsync(Experiment, cancellationToken);
        if (experiment is null)
        {
            return null;
        }
        var filter = SearchParser.ParseFilter(string.Create(CultureInfo.InvariantCulture,
            $"tags.`{KindTag}` = '{kind}' AND tags.`{ModelTag}` = '{Quote(model)}' AND tags.`{VersionTag}` = '{version}'"), SearchScope.Runs);
        var page = await tracking.SearchRunsAsync([experiment.Id], new SearchQuery(filter, SearchParser.ParseOrderBy(["attributes.start_time DESC"], SearchScope.Runs), ViewType.ActiveOnly, 1, 0), cancellationToken);
        if (page.Items.FirstOrDefault() is not { } run || run.Artifacts.FirstOrDefault(a => a.Path == ReportArtifact) is not { } artifact)
        {
            return null;
        }
        var report = JsonSerializer.Deserialize<T>(await artifacts.ReadTextAsync(artifact.Digest, cancellationToken), JsonDefaults.Indented)!;
        return new QualityRun<T>(run, report, run.Tags.TryGetValue("relearn.passed", out var passed) && passed == "true");
    }

    /// <summary>Runs in any experiment carrying the tag <paramref name="key"/> = <paramref name="value"/> (evidence other parts recorded).</summary>
    public async Task<IReadOnlyList<Run>> FindRunsAsync(string key, string value, int limit = 20, CancellationToken cancellationToken = default)
    {
        var experiments = await tracking.SearchExperimentsAsync(SearchQuery.Everything(), cancellationToken);
        if (experiments.Items.Count == 0)
        {
            return [];
        }
        var filter = SearchParser.ParseFilter($"tags.`{key}` = '{Quote(value)}'", SearchScope.Runs);
        var page = await tracking.SearchRunsAsync(experiments.Items.Select(e => e.Id).ToList(),
            new SearchQuery(filter, SearchParser.ParseOrderBy(["attributes.start_time DESC"], SearchScope.Runs), ViewType.ActiveOnly, limit, 0), cancellationToken);
        return page.Items;
    }

    /// <summary>Records that a person did manual test <paramref name="id"/> of <paramref name="model"/>.</summary>
    public Task RecordManualAsync(string model, string id, string note, string by, CancellationToken cancellationToken = default) =>
        registry.SetModelTagAsync(model, ManualTagPrefix + id,
            JsonSerializer.Serialize(new ManualRecord(note, by, time.GetUtcNow()), JsonDefaults.Compact), cancellationToken);

    /// <summary>The manual records of <paramref name="model"/> by test id.</summary>
    public async Task<IReadOnlyDictionary<string, ManualRecord>> ManualAsync(string model, CancellationToken cancellationToken = default)
    {
        var tags = await registry.GetModelTagsAsync(model, cancellationToken);
        var records = new Dictionary<string, ManualRecord>(StringComparer.Ordinal);
        foreach (var (key, value) in tags.Where(t => t.Key.StartsWith(ManualTagPrefix, StringComparison.Ordinal)))
        {
            try
            {
                if (JsonSerializer.Deserialize<ManualRecord>(value, JsonDefaults.Compact) is { } record)
                {
                    records[key[ManualTagPrefix.Length..]] = record;
                }
            }
            catch (JsonException)
            {
                // A tag someone set by hand through the MLflow API is not a record relearn wrote: ignore it.
            }
        }
        return records;
    }

    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

/// <summary>A quality run and its report.</summary>
/// <param name="Run">The tracking run.</param>
/// <param name="Report">Its report.</param>
/// <param name="Passed">Whether its gates passed.</param>
/// <typeparam name="T">The report type.</typeparam>
public sealed record QualityRun<T>(Run Run, T Report, bool Passed);

/// <summary>A person's record that they did a manual test.</summary>
/// <param name="Note">What they did, and where the proof is.</param>
/// <param name="By">Who.</param>
/// <param name="At">When.</param>
public sealed record ManualRecord(string Note, string By, DateTimeOffset At);
