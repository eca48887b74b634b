using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Training;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;

namespace Relearn.Tests;

/// <summary>
/// A real <c>relearn serve</c> pipeline on Kestrel at a free loopback port, over a temp home where
/// <c>sentiment</c> v1 is production, plus two more runs for tests that register versions of their own.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-server-").FullName;
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;
    public string Home => _home;
    public TrainingResult YelpRun { get; private set; } = null!;
    public TrainingResult AmazonRun { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = RelearnServer.Build(RelearnLocation.Resolve(_home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Serving:AliasRefreshInterval"] = "00:00:00.100";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        var training = _app.Services.GetRequiredService<TextClassificationTraining>();
        var registry = _app.Services.GetRequiredService<ModelRegistry>();
        YelpRun = await training.TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        AmazonRun = await training.TrainAsync("sentiment", [Samples.Amazon], new TextClassificationOptions());
        await registry.RegisterAsync("sentiment", YelpRun.RunId);
        await registry.PromoteAsync("sentiment", 1);

        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// Trains a weak sentiment model: 20 yelp rows to learn from, 20 held out. On its own held-out rows it scores below
    /// <see cref="YelpRun"/>, which saw most of them, so promoting it over YelpRun is refused.
    /// </summary>
    public async Task<TrainingResult> TrainWeakAsync()
    {
        var lines = await File.ReadAllLinesAsync(Samples.Yelp);
        var file = Path.Combine(_home, $"weak-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, lines.Take(20).Concat(lines.TakeLast(20)));
        return await _app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("weak", [file], new TextClassificationOptions { TestFraction = 0.5 });
    }

    public async Task<JsonObject> PredictAsync(string model, string text, string query = "")
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/models/{model}/predict{query}", new { text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The shipped samples, copied next to the test assembly.</summary>
internal static class Samples
{
    public static string Yelp => Path.Combine(AppContext.BaseDirectory, "samples", "sentiment", "yelp_labelled.txt");
    public static string Amazon => Path.Combine(AppContext.BaseDirectory, "samples", "sentiment", "amazon_cells_labelled.txt");
    public static string Issues => Path.Combine(AppContext.BaseDirectory, "samples", "github", "huggingface-datasets-issues-2020-2023.jsonl.gz");

    /// <summary>The repository root (where Relearn.slnx is), for committed files such as docs/openapi.json.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Relearn.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("run the tests from inside the repository");
        }
    }
}
