using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.GitHub.Ingest;

namespace Relearn.Cli;

/// <summary><c>relearn ingest github issues --repo OWNER/NAME</c>: sync a repository's issues into a dataset version.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var github = new Command("github", "Data from GitHub or GitHub Enterprise") { Issues() };
        return new Command("ingest", "Fetch training data into bronze (raw) and silver (dataset versions)") { github };
    }

    private static Command Issues()
    {
        var repo = new Option<string>("--repo") { Description = "The repository, OWNER/NAME", Required = true };
        var apiUrl = new Option<string>("--api-url") { Description = "REST API root (GitHub Enterprise Server: https://HOST/api/v3)", DefaultValueFactory = _ => IssueSyncRequest.DefaultApiUrl };
        var tokenEnv = new Option<string>("--token-env") { Description = "Environment variable holding the token (unset = unauthenticated)", DefaultValueFactory = _ => "GITHUB_TOKEN" };
        var full = new Option<bool>("--full") { Description = "Crawl every issue again instead of those updated since the last sync" };
        var format = CliContext.Format();

        var command = new Command("issues", "Sync issues and pull requests (full, then incremental; resumes an interrupted sync)")
        {
            repo, apiUrl, tokenEnv, full, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var request = new IssueSyncRequest(
                GitHubRepository.Parse(parse.GetValue(repo)),
                IssueSyncRequest.ParseApiUrl(parse.GetValue(apiUrl)),
                GitHubToken.FromEnvironment(parse.GetValue(tokenEnv)!),
                parse.GetValue(full));
            var crawler = services.GetRequiredService<GitHubIssueCrawler>();
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(await crawler.SyncAsync(request, null, cancellationToken));
                return 0;
            }
            var result = await Output.WithProgress($"ingest {request.Repository}", progress => crawler.SyncAsync(request, progress, cancellationToken));
            Output.Table(["repository", $"{result.Repository} at {result.ApiUrl}"],
            [
                ["sync", (result.Mode == SyncMode.Full ? "full" : $"incremental since {result.Since}") + (result.Resumed ? ", resumed" : "")],
                ["requests", $"{result.Requests} ({result.NotModified} answered 304)"],
                ["pages stored", Count(result.Pages)],
                ["issues", $"{result.IssuesNew} new, {result.IssuesUpdated} updated, {result.Skipped} skipped"],
                ["dataset", $"{result.Dataset.Id} ({result.Dataset.RowCount} rows{(result.NewVersion ? ", new version" : "")})"],
                ["elapsed", $"{result.Elapsed.TotalSeconds:0.0} s"],
            ]);
            foreach (var skip in result.SkippedItems)
            {
                Console.WriteLine($"skipped item {skip.Index} of {skip.Page}: {skip.Reason}");
            }
            Console.WriteLine(result.Message);
            return 0;
        });
        return command;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
