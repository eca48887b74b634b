using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.Core.Webhooks;
using Relearn.GitHub;
using Relearn.Postgres;
using Relearn.S3;

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
    /// Runs a handler with the services for the chosen location. Expected failures print one line on stderr and
    /// return 1; anything unexpected prints one line and returns 2 — never a stack trace. A verb that
    /// <paramref name="movesAliases"/> delivers the promotion webhooks once at the end, so they fire without a server.
    /// </summary>
    public static void SetHandler(this Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> handler, bool movesAliases = false) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var location = Location(parse);
                var services = new ServiceCollection().AddLogging().AddSingleton(Configuration())
                    .AddRelearnCore(location).AddRelearnGitHub().AddRelearnS3().AddRelearnPostgres().BuildServiceProvider();
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
            catch (OptionsValidationException e)
            {
                return Fail(e.Message);
            }
            catch (RelearnException e)
            {
                return Fail(e.Message);
            }
            catch (OperationCanceledException)
            {
                return Fail("cancelled", 130);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message);
            }
            catch (System.Data.Common.DbException e)
            {
                // A database that does not answer (PostgreSQL down, SQLite file unreadable): one line, no stack trace.
                return Fail($"the metadata store is unavailable: {e.Message}");
            }
            catch (Exception e)
            {
                return Fail($"unexpected {e.GetType().Name}: {e.Message}", 2);
            }
        });

    /// <summary>The same settings <c>relearn serve</c> reads: appsettings.json in the working folder, then environment variables (<c>Relearn__Webhooks__0__Url</c>).</summary>
    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

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
