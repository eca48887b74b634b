using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using Relearn.GitHub.Bot;

namespace Relearn.Server;

/// <summary>
/// The review bot's webhook handler, behind Octokit.Webhooks.AspNetCore's endpoint (which checks the content type, the
/// event header and the signature first): a pull request opened or synchronized is reviewed (see
/// <see cref="PullRequestReviewer"/>); every other event or action is answered 202 and ignored.
/// </summary>
/// <remarks>
/// It reads the four fields it needs from the verified body rather than the library's typed events: those mark dozens
/// of fields required, so a delivery without one of them (an older GitHub Enterprise Server, a trimmed redelivery) would
/// fail as a 500 although nothing the bot needs is missing.
/// </remarks>
internal sealed partial class ReviewBotWebhookProcessor(PullRequestReviewer reviewer, IHttpContextAccessor http, ILogger<ReviewBotWebhookProcessor> logger) : WebhookEventProcessor
{
    public override async ValueTask ProcessWebhookAsync(IDictionary<string, StringValues> headers, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var webhook = WebhookHeaders.Parse(headers);
        using var payload = JsonDocument.Parse(body);
        var root = payload.RootElement;
        var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (webhook.Event != "pull_request" || action is not ("opened" or "synchronize"))
        {
            LogIgnored(logger, webhook.Event ?? "unknown", action);
            if (http.HttpContext is { } context)
            {
                context.Items[GitHubWebhookEndpoints.IgnoredItem] = true;
            }
            return;
        }
        var repository = root.GetProperty("repository").GetProperty("full_name").GetString()!;
        var number = root.GetProperty("number").GetInt64();
        var head = root.GetProperty("pull_request").GetProperty("head").GetProperty("sha").GetString()!;
        await reviewer.ReviewAsync(repository, number, head, webhook.Delivery ?? Guid.NewGuid().ToString("N"), cancellationToken);
    }

    [LoggerMessage(EventId = 6050, Level = LogLevel.Debug, Message = "Ignored a GitHub {Event} delivery ({Action})")]
    private static partial void LogIgnored(ILogger logger, string @event, string? action);
}
