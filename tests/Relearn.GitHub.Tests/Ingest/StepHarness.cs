using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Pipelines;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>The real pipeline runner and stores (<c>AddRelearnCore</c> + <c>AddRelearnGitHub</c>) over a throw-away home, running a pipeline file from a project folder.</summary>
internal sealed class StepHarness : IDisposable
{
    private readonly string _home;
    private readonly ServiceProvider _services;

    public StepHarness(string prefix)
    {
        _home = Directory.CreateTempSubdirectory(prefix).FullName;
        Directory.CreateDirectory(Project);
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddRelearnCore(RelearnLocation.Resolve(Path.Combine(_home, "home")))
            .AddRelearnGitHub();
        services.Configure<PipelineRunnerOptions>(o => o.PollInterval = TimeSpan.FromMilliseconds(20));
        _services = services.BuildServiceProvider();
    }

    /// <summary>The project folder: the pipeline file and its inputs.</summary>
    public string Project => Path.Combine(_home, "project");

    /// <summary>Writes <paramref name="yaml"/> as <c>relearn.yaml</c> and runs it to the end, forcing <paramref name="force"/>.</summary>
    public Task<PipelineRunResult> RunAsync(string yaml, params string[] force)
    {
        File.WriteAllText(Path.Combine(Project, "relearn.yaml"), yaml);
        return _services.GetRequiredService<PipelineExecutor>().StartAsync(PipelineSource.FromFile(Path.Combine(Project, "relearn.yaml")), new Dictionary<string, string>(), force, "test");
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
