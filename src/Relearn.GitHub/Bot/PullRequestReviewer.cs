using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Serving;
using Relearn.Core.Storage;
using Relearn.GitHub.Ingest;

namespace Relearn.GitHub.Bot;

/// <summary>
/// Reviews a pull request: fetches its changed files (paged, with the crawler's retries and rate-limit pauses), scores
/// them with the review-assist model as <c>POST .../predict {"diff"}</c> does, and posts one review with the comments.
/// At most once per delivery id and once per head commit, remembered durably as artifact-store references (so across
/// restarts and replicas sharing a store; two replicas handling the same commit at the same instant can still both post).
/// </summary>
public sealed partial class PullRequestReviewer(IHttpClientFactory clients, ModelHost models, IArtifactStore artifacts, IOptions<ReviewBotOptions> options,
    TimeProvider time, ILogger<PullRequestReviewer> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reviews pull request <paramref name="number"/> of <paramref name="repository"/> at <paramref name="headSha"/>.</summary>
    public async Task<BotOutcome> ReviewAsync(string repository, long number, string headSha, string deliveryId, CancellationToken cancellationToken = default)
    {
        var repo = GitHubRepository.Parse(repository);
        var bot = options.Value;
        var delivery = $"github-bot/deliveries/{deliveryId}";
        var head = $"github-bot/reviews/{repo}/{number.ToString(CultureInfo.InvariantCulture)}/{headSha}";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await artifacts.GetReferenceAsync(delivery, cancellationToken) is not null)
            {
                logger.BotDuplicateDelivery(deliveryId);
                return BotOutcome.DuplicateDelivery;
            }
            if (await artifacts.GetReferenceAsync(head, cancellationToken) is { } done)
            {
                await artifacts.SetReferenceAsync(delivery, done, cancellationToken);
                logger.BotAlreadyReviewed(repo.ToString(), number, headSha);
                return BotOutcome.AlreadyReviewed;
            }
            var diff = await FetchDiffAsync(repo, number, bot, cancellationToken);
            var comments = await ScoreAsync(diff, bot, cancellationToken);
            var review = new JsonObject
            {
                ["commit_id"] = headSha,
                ["event"] = "COMMENT",
                ["body"] = string.Create(CultureInfo.InvariantCulture, $"review-assist suggests {comments.Count} comment(s) where reviewers commented on similar code. Each is a past reviewer's comment on similar code, or written by a language model where one is configured: read before acting."),
                ["comments"] = new JsonArray(comments.Select(c => (JsonNode)new JsonObject
                {
                    ["path"] = c!["path"]!.GetValue<string>(), ["line"] = c["line"]!.GetValue<int>(), ["side"] = c["side"]!.GetValue<string>(), ["body"] = c["body"]!.GetValue<string>(),
                }).ToArray()),
            };
            var record = await artifacts.PutTextAsync(review.ToJsonString(), cancellationToken);
            if (string.IsNullOrEmpty(bot.Token))
            {
                logger.BotDryRun(repo.ToString(), number, headSha, comments.Count);
                await artifacts.SetReferenceAsync(delivery, record.Digest, cancellationToken);
                return BotOutcome.DryRun;
            }
            await PostReviewAsync(repo, number, review, bot, cancellationToken);
            await artifacts.SetReferenceAsync(head, record.Digest, cancellationToken);
            await artifacts.SetReferenceAsync(delivery, record.Digest, cancellationToken);
            logger.BotPosted(repo.ToString(), number, headSha, comments.Count);
            return BotOutcome.Posted;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> FetchDiffAsync(GitHubRepository repo, long number, ReviewBotOptions bot, CancellationToken cancellationToken)
    {
        var token = string.IsNullOrEmpty(bot.Token) ? null : GitHubToken.Create(bot.Token);
        var session = new GitHubApiSession(clients.CreateClient(GitHubIssueCrawler.HttpClientName), bot.ApiUrl, token, time, logger, null);
        var diff = new StringBuilder();
        string? url = $"{bot.ApiUrl.ToString().TrimEnd('/')}/repos/{repo}/pulls/{number.ToString(CultureInfo.InvariantCulture)}/files?per_page=100";
        for (var page = 0; url is not null && page < 30; page++) // GitHub lists at most 3000 files
        {
            var response = await session.GetAsync(url, null, cancellationToken);
            if ((int)response.Status != 200)
            {
                throw RelearnException.Invalid($"GitHub answered {response.StatusText} for the files of {repo}#{number}");
            }
            using var files = JsonDocument.Parse(response.Body);
            foreach (var file in files.RootElement.EnumerateArray())
            {
                // Binary and very large files come without a patch: nothing to comment on.
                if (file.TryGetProperty("patch", out var patch) && patch.ValueKind == JsonValueKind.String && file.TryGetProperty("filename", out var name))
                {
                    diff.Append("--- a/").Append(name.GetString()).Append("\n+++ b/").Append(name.GetString()).Append('\n')
                        .Append(patch.GetString()!.TrimEnd('\n')).Append('\n');
                }
            }
            url = LinkHeader.Next(response.Link, response.FinalUrl);
        }
        return diff.ToString();
    }

    private async Task<IReadOnlyList<JsonNode?>> ScoreAsync(string diff, ReviewBotOptions bot, CancellationToken cancellationToken)
    {
        if (diff.Length == 0)
        {
            return [];
        }
        var hosted = await models.GetAsync(bot.Model, bot.Alias, null, cancellationToken);
        using var input = JsonDocument.Parse(new JsonObject { ["diff"] = diff }.ToJsonString());
        return hosted.Model.Predict(input.RootElement)["comments"]?.AsArray().ToList() ?? [];
    }

    private async Task PostReviewAsync(GitHubRepository repo, long number, JsonObject review, ReviewBotOptions bot, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(GitHubIssueCrawler.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{bot.ApiUrl.ToString().TrimEnd('/')}/repos/{repo}/pulls/{number.ToString(CultureInfo.InvariantCulture)}/reviews")
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bot.Token);
        // One try: a review POST is not idempotent, and the head-commit mark is set only after it succeeds.
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw RelearnException.Invalid($"GitHub refused the review of {repo}#{number}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
        }
    }
}
