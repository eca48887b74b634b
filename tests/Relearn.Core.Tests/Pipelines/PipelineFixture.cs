using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relearn.Core.Hosting;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Pipelines;

/// <summary>The real pipeline services (SQLite store, local artifacts, real steps) on a throw-away home, with an optional fake clock.</summary>
internal sealed class PipelineFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public PipelineFixture(FakeTimeProvider? time = null, Action<PipelineRunnerOptions>? configure = null)
    {
        Directory.CreateDirectory(Project);
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddRelearnCore(RelearnLocation.Resolve(Path.Combine(Folder.Path, "home")));
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }
        services.Configure<PipelineRunnerOptions>(o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
    }

    public TempFolder Folder { get; } = Some.Folder();

    public string Project => Path.Combine(Folder.Path, "project");

    public IServiceProvider Services => _services;

    public PipelineStepCatalog Steps => _services.GetRequiredService<PipelineStepCatalog>();

    public PipelineExecutor Executor => _services.GetRequiredService<PipelineExecutor>();

    public PipelineRunner Runner => _services.GetRequiredService<PipelineRunner>();

    public IPipelineStore Store => _services.GetRequiredService<IPipelineStore>();

    public IArtifactStore Artifacts => _services.GetRequiredService<IArtifactStore>();

    /// <summary>Another runner on the same stores with its own lease owner, as another worker process would have.</summary>
    public PipelineRunner OtherRunner() => ActivatorUtilities.CreateInstance<PipelineRunner>(_services);

    public string File(string name, string content)
    {
        var path = Path.Combine(Project, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Read(string name) => System.IO.File.ReadAllText(Path.Combine(Project, name));

    public PipelineSource Source(string yaml) => PipelineSource.FromFile(File("relearn.yaml", yaml));

    public Task<PipelineRunResult> RunAsync(string yaml, IReadOnlyDictionary<string, string>? parameters = null, params string[] forced) =>
        Executor.StartAsync(Source(yaml), parameters ?? new Dictionary<string, string>(), forced, "test");

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
