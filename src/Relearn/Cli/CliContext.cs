using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.Core.Webhooks;
using Relearn.Errors;

namespace Relearn.Cli;

/// <summary>The options every verb accepts, and the wrapper that turns handlers into exit codes.</summary>
internal static class CliContext
{
    public static readonly Option<string?> Home = new("--home") { Description = "Home folder (else RELEARN_HOME, else ./.relearn)", Recursive = true };
    public static readonly Option<string?> Store = new("--store") { Description = "Metadata store: a SQLite path or postgresql://user:pass@host:port/db (else RELEARN_STORE, else HOME/relearn.db)", Recursive = true };
    public static readonly Option<string?> Artifacts = new("--artifacts") { Description = "Artifact store: a folder or s3://bucket/prefix (else RELEARN_ARTIFACTS, else HOME/artifacts)", Recursive = true };

    public static Option<OutputFormat> Format() => new("--format") { Description = "Output format", DefaultValueFactory = _ => OutputFormat.Table };

    public static RelearnLocation Location(ParseResult parse) =>
        RelearnLocation.Resolve(parse.GetValue(Home), parse.GetValue(Store), parse.GetValue(Artifacts));

    /// <summary>
    /// Runs a handler with the services for the chosen location. A failure prints one line on stderr and returns the
    /// exit code <see cref="ErrorClassification"/> gives it (1 for expected failures, 2 for anything unexpected) — never a stack trace. A verb that
    /// <paramref name="movesAliases"/> delivers the promotion webhooks once at the end, so they fire without a server.
    /// </summary>
    public static void SetHandler(this Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> handler, bool movesAliases = false) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var location = Location(parse);
                var services = new ServiceCollection().AddLogging().AddSingleton(Configuration())
                    .AddRelearn(location).BuildServiceProvider();
                await using (services)
                {
                    var webhooks = movesAliases ? services.GetRequiredService<WebhookDispatcher>() : null;
                    if (webhooks is { Enabled: true })
                    {
                        // Watermark new hooks before the move, so the move itself is delivered.
                        await webhooks.RegisterHooksAsync(cancellationToken);
                    }
                    var exitCode = await handler(parse, services, cancellationToken);
                    if (webhooks is { Enabled: true })
                    {
                        await webhooks.DispatchPendingAsync(cancellationToken);
                    }
                    return exitCode;
                }
            }
            catch (Exception e)
            {
                return Fail(e);
            }
        });

    /// <summary>The same settings <c>relearn serve</c> reads: appsettings.json in the working folder, then environment variables (<c>Relearn__Webhooks__0__Url</c>).</summary>
    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Prints the one line and returns the exit code <see cref="ErrorClassification"/> gives <paramref name="exception"/>.</summary>
    public static int Fail(Exception exception)
    {
        var error = ErrorClassification.Classify(exception);
        return Fail(ErrorClassification.CliMessage(exception, error), error.ExitCode);
    }

    public static int Fail(string message, int exitCode = 1)
    {
        Console.Error.WriteLine($"relearn: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}

/// <summary>How read verbs print.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
