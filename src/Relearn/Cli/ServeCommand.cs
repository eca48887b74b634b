using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
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
                var app = RelearnServer.Build(CliContext.Location(parse), parse.GetValue(urls)!,
                    configure: builder => PipelineSchedulerOptions.AddFiles(builder.Configuration, files));
                app.Services.GetRequiredService<PipelineScheduler>().LoadSchedules();
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (RelearnException e)
            {
                return CliContext.Fail(e.Message);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                return CliContext.Fail(e.Message);
            }
            catch (IOException e)
            {
                return CliContext.Fail($"cannot listen on {parse.GetValue(urls)}: {e.Message}");
            }
        });
        return command;
    }
}
