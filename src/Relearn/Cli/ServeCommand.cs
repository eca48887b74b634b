using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines.Scheduling;
using Relearn.Core.Rollout;
using Relearn.Server;

namespace Relearn.Cli;

/// <summary><c>relearn serve --urls URL</c>: the HTTP server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var pipelines = new Option<string[]>("--pipeline")
        {
            Description = "A pipeline file (relearn.yaml) or built-in pipeline name to serve: triggered by name over HTTP, run on its schedules, its retrain: policy turned on (repeatable)",
        };
        var command = new Command("serve", "Serve models over HTTP: predict API, pipelines and their schedules, health, metrics, docs and the web UI") { urls, pipelines };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var named = parse.GetValue(pipelines) ?? [];
                // A value that is not a file names a built-in pipeline (relearn serve --pipeline sentiment): its policy turns on.
                var files = named.Where(p => File.Exists(p) || p.Contains('/', StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)
                    || p.EndsWith(".yml", StringComparison.Ordinal)).ToArray();
                var startup = new HostStartup();
                await using var app = RelearnServer.Build(CliContext.Location(parse), parse.GetValue(urls)!, configure: builder =>
                {
                    startup.Attach(builder.Logging);
                    PipelineSchedulerOptions.AddFiles(builder.Configuration, files);
                    RolloutOptions.AddPipelines(builder.Configuration, named.Select(p => files.Contains(p) ? Path.GetFullPath(p) : p).ToArray());
                });
                app.Services.GetRequiredService<PipelineScheduler>().LoadSchedules();
                app.Services.GetRequiredService<RetrainingLoop>().Load();
                await startup.StartAsync(app, cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                return CliContext.Fail($"cannot listen on {parse.GetValue(urls)}: {e.Message}");
            }
            catch (Exception e)
            {
                return CliContext.Fail(e);
            }
        });
        return command;
    }
}
