using System.CommandLine;
using Relearn.Core;
using Relearn.Server;

namespace Relearn.Cli;

/// <summary><c>relearn serve --urls URL</c>: the HTTP server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("serve", "Serve models over HTTP: predict API, health, metrics, docs and a try-it page") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var app = RelearnServer.Build(CliContext.Location(parse), parse.GetValue(urls)!);
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
