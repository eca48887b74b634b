using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.GitHub;
using Relearn.S3;

namespace Relearn.Cli;

/// <summary>The options every verb accepts, and the wrapper that turns handlers into exit codes.</summary>
internal static class CliContext
{
    public static readonly Option<string?> Home = new("--home") { Description = "Home folder (else RELEARN_HOME, else ./.relearn)", Recursive = true };
    public static readonly Option<string?> Store = new("--store") { Description = "Metadata store: a SQLite path (else RELEARN_STORE, else HOME/relearn.db)", Recursive = true };
    public static readonly Option<string?> Artifacts = new("--artifacts") { Description = "Artifact store: a folder or s3://bucket/prefix (else RELEARN_ARTIFACTS, else HOME/artifacts)", Recursive = true };

    public static Option<OutputFormat> Format() => new("--format") { Description = "Output format", DefaultValueFactory = _ => OutputFormat.Table };

    public static RelearnLocation Location(ParseResult parse) =>
        RelearnLocation.Resolve(parse.GetValue(Home), parse.GetValue(Store), parse.GetValue(Artifacts));

    /// <summary>
    /// Runs a handler with the services for the chosen location. Expected failures print one line on stderr and
    /// return 1; anything unexpected prints one line and returns 2 — never a stack trace.
    /// </summary>
    public static void SetHandler(this Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var location = Location(parse);
                var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnGitHub().AddRelearnS3().BuildServiceProvider();
                await using (services)
                {
                    return await handler(parse, services, cancellationToken);
                }
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
            catch (Exception e)
            {
                return Fail($"unexpected {e.GetType().Name}: {e.Message}", 2);
            }
        });

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
