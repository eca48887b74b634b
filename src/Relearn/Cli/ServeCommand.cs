using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines.Scheduling;
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
            Description = "A pipeline file (relearn.yaml) to serve: triggered by name over HTTP and run on its schedules (repeatable; adds to Relearn:Pipelines:Files)",
        };
        var command = new Command("serve", "Serve models over HTTP: predict API, pipelines and their schedules, health, metrics, docs and the web UI") { urls, pipelines };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var files = parse.GetValue(pipelines) ?? [];
                var startup = new HostStartup();
                await using var app = RelearnServer.Build(CliContext.Location(parse), parse.GetValue(urls)!, configure: builder =>
                {
                    startup.Attach(builder.Logging);
                    PipelineSchedulerOptions.AddFiles(builder.Configuration, files);
                });
                app.Services.GetRequiredService<PipelineScheduler>().LoadSchedules();
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
