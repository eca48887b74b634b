using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Relearn.Core.Hosting;
using Relearn.Server;

namespace Relearn.Tests.Server.Pipelines;

/// <summary>
/// A real <c>relearn serve</c> on Kestrel serving one small pipeline file, as <c>relearn serve --pipeline relearn.yaml</c> does:
/// <c>prepare</c> → <c>count</c>, and <c>greet</c> on its own, shell commands that take milliseconds.
/// </summary>
public sealed class PipelineServerFixture : IAsyncLifetime
{
    public const string Yaml = """
        name: tiny
        params: {word: hello, pause: "0"}
        schedules:
          - {name: nightly, cron: "0 3 * * *", timezone: Europe/Paris, missed: skip}
        stages:
          prepare:
            run: "sleep ${params.pause}; echo preparing ${params.word}; echo ${params.word} > words.tmp && mv words.tmp words.txt"
            outputs: [words.txt]
          count:
            run: "echo counting; wc -c < ${stages.prepare.outputs.words.txt} > count.tmp && mv count.tmp count.txt"
            outputs: [count.txt]
          greet:
            run: "echo greeting from tiny"
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("relearn-pipeline-server-").FullName;
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var project = Directory.CreateDirectory(Path.Combine(_home, "project")).FullName;
        var file = Path.Combine(project, "relearn.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        _app = RelearnServer.Build(RelearnLocation.Resolve(Path.Combine(_home, "home")), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Pipelines:Files:0"] = file;
            builder.Configuration["Relearn:Pipelines:PollInterval"] = "00:00:00.020";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Polls the run until it is no longer running and returns it.</summary>
    public async Task<JsonObject> WaitForEndAsync(string runId)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = (await Client.GetFromJsonAsync<JsonObject>($"/api/v1/pipelines/runs/{runId}"))!;
            if ((string)run["state"]! != "running")
            {
                return run;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"pipeline run {runId} is still running");
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
