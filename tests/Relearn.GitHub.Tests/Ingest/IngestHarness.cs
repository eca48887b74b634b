using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Datasets;
using Relearn.Core.Metadata;
using Relearn.Core.Storage;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Tests.Ingest.Replay;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>
/// A crawler wired as in production (<c>AddRelearnGitHub</c>) over a throw-away SQLite catalog and artifact
/// folder, with a skip-ahead clock, every log entry kept, and stores that can crash on demand.
/// </summary>
internal sealed class IngestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public IngestHarness(DateTimeOffset? start = null)
    {
        Folder = Directory.CreateTempSubdirectory("relearn-ingest-").FullName;
        Clock = new SkipAheadClock(start ?? Scenarios.OctokitRecordedAt);
        Artifacts = new LocalArtifactStore(Path.Combine(Folder, "artifacts"));
        Catalog = new SqliteMetadataStore(Path.Combine(Folder, "relearn.db"), TimeProvider.System);
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs))
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<IArtifactStore>(new FaultyArtifactStore(Artifacts, Faults))
            .AddSingleton<IDatasetCatalog>(new FaultyDatasetCatalog(Catalog, Faults))
            .AddRelearnGitHub()
            .BuildServiceProvider();
    }

    public string Folder { get; }

    public SkipAheadClock Clock { get; }

    public LogSink Logs { get; } = new();

    public Faults Faults { get; } = new();

    public LocalArtifactStore Artifacts { get; }

    public SqliteMetadataStore Catalog { get; }

    public GitHubIssueCrawler Crawler => _services.GetRequiredService<GitHubIssueCrawler>();

    public Relearn.GitHub.Ingest.Pulls.GitHubPullCrawler Pulls => _services.GetRequiredService<Relearn.GitHub.Ingest.Pulls.GitHubPullCrawler>();

    public Task<IssueSyncResult> SyncAsync(ReplayServer server, string repo, bool full = false, GitHubToken? token = null, CancellationToken cancellationToken = default) =>
        Crawler.SyncAsync(new IssueSyncRequest(GitHubRepository.Parse(repo), new Uri(server.ApiUrl), token, full), null, cancellationToken);

    public async Task<IReadOnlyList<DatasetVersion>> VersionsAsync(string repo)
    {
        var name = GitHubRepository.Parse(repo).DatasetName;
        return [.. (await Catalog.ListAsync()).Where(v => v.Name == name).OrderBy(v => v.Version)];
    }

    /// <summary>The silver bytes of the latest version, or null when none is registered.</summary>
    public async Task<byte[]?> SilverAsync(string repo) =>
        await Catalog.GetAsync(GitHubRepository.Parse(repo).DatasetName) is { } version ? await Artifacts.ReadBytesAsync(version.Digest) : null;

    public async Task<IReadOnlyList<JsonElement>> RowsAsync(string repo) =>
        await SilverIssues.ReadAsync(Artifacts, (await Catalog.GetAsync(GitHubRepository.Parse(repo).DatasetName))!);

    public Task<IssueCheckpoint?> CheckpointAsync(string repo) => IssueCheckpoint.LoadAsync(Artifacts, GitHubRepository.Parse(repo));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
