using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Storage;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Ingest.Pulls;

namespace Relearn.Cli;

/// <summary><c>relearn ingest github issues|pulls --repo OWNER/NAME</c>: sync a repository's issues, or its pull requests with their files and review comments, into dataset versions.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var github = new Command("github", "Data from GitHub or GitHub Enterprise") { Issues(), Pulls() };
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

    private static Command Pulls()
    {
        var repo = new Option<string>("--repo") { Description = "The repository, OWNER/NAME", Required = true };
        var apiUrl = new Option<string>("--api-url") { Description = "REST API root (GitHub Enterprise Server: https://HOST/api/v3)", DefaultValueFactory = _ => IssueSyncRequest.DefaultApiUrl };
        var tokenEnv = new Option<string>("--token-env") { Description = "Environment variable holding the token (unset = unauthenticated)", DefaultValueFactory = _ => "GITHUB_TOKEN" };
        var full = new Option<bool>("--full") { Description = "Fetch every pull request again instead of those updated since the last sync" };
        var limit = new Option<int?>("--limit") { Description = "At most this many pull requests per sync, the most recently updated first" };
        var output = new Option<string?>("--output") { Description = "Also write the review hunks (CodeReviewer JSON Lines: patch, y, msg, lang, ...) to this file" };
        var format = CliContext.Format();

        var command = new Command("pulls", "Sync pull requests, their changed files and review comments; align comments to hunks (CodeReviewer training data)")
        {
            repo, apiUrl, tokenEnv, full, limit, output, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1)
            {
                throw RelearnException.Invalid("--limit must be at least 1");
            }
            var request = new PullSyncRequest(
                GitHubRepository.Parse(parse.GetValue(repo)),
                IssueSyncRequest.ParseApiUrl(parse.GetValue(apiUrl)),
                GitHubToken.FromEnvironment(parse.GetValue(tokenEnv)!),
                parse.GetValue(full),
                parse.GetValue(limit));
            var crawler = services.GetRequiredService<GitHubPullCrawler>();
            var json = parse.GetValue(format) == OutputFormat.Json;
            var result = json
                ? await crawler.SyncAsync(request, null, cancellationToken)
                : await Output.WithProgress($"ingest {request.Repository} pull requests", progress => crawler.SyncAsync(request, progress, cancellationToken));
            if (parse.GetValue(output) is { } file)
            {
                var bytes = await services.GetRequiredService<IArtifactStore>().ReadBytesAsync(result.Hunks.Digest, cancellationToken);
                await File.WriteAllBytesAsync(file, bytes, cancellationToken);
            }
            if (json)
            {
                Output.Json(result);
                return 0;
            }
            var a = result.Alignment;
            Output.Table(["repository", $"{result.Repository} at {result.ApiUrl}"],
            [
                ["sync", (result.Full ? "full" : "incremental") + (result.Resumed ? ", resumed" : "")],
                ["requests", $"{result.Requests} ({result.NotModified} answered 304)"],
                ["pull requests fetched", Count(result.PullsFetched)],
                ["pull requests", $"{result.Pulls.Id} ({result.Pulls.RowCount} rows)"],
                ["changed files", $"{result.Files.Id} ({result.Files.RowCount} rows)"],
                ["review comments", $"{result.Comments.Id} ({a.Comments}: {a.Aligned} aligned, {a.Outdated} outdated, {a.FileLevel} on a file, {a.NoPatch} without a patch, {a.NotInHunk} outside the hunks)"],
                ["review hunks", $"{result.Hunks.Id} ({a.Hunks}: {a.Positive} commented, {a.Hunks - a.Positive} not)"],
                ["elapsed", $"{result.Elapsed.TotalSeconds:0.0} s"],
            ]);
            foreach (var skip in result.Skipped)
            {
                Console.WriteLine($"skipped {skip}");
            }
            Console.WriteLine(result.Message);
            return 0;
        });
        return command;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
