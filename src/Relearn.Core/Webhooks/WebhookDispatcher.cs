using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Relearn.Core.Registry;

namespace Relearn.Core.Webhooks;

/// <summary>
/// Delivers alias moves to the configured webhooks, at least once: the alias audit log is the outbox, every
/// attempt is recorded in the delivery log, an event is retried with exponential back-off (Polly) within a pass
/// and again in later passes until a hook takes it (2xx). A hook only receives events after it was first seen.
/// </summary>
public sealed class WebhookDispatcher(IWebhookStore store, IModelRegistryStore registry, IOptions<List<WebhookOptions>> hooks,
    IOptions<WebhookDeliveryOptions> delivery, HttpClient http, TimeProvider time, ILogger<WebhookDispatcher> logger)
{
    /// <summary>Header with <c>sha256=HEX(HMAC-SHA256(secret, body))</c>, GitHub's webhook signature scheme.</summary>
    public const string SignatureHeader = "X-Relearn-Signature-256";

    /// <summary>Events taken per hook in one pass.</summary>
    private const int BatchSize = 100;

    /// <summary>Whether any webhook is configured.</summary>
    public bool Enabled => hooks.Value.Count > 0;

    /// <summary>
    /// Records each configured hook's start watermark if it is new, so it receives events from now on and never the
    /// history before it. Call before moving aliases in a process that delivers afterwards.
    /// </summary>
    public async Task RegisterHooksAsync(CancellationToken cancellationToken = default)
    {
        foreach (var hook in hooks.Value)
        {
            await store.EnsureHookAsync(hook.Name, UrlHash(hook.Url), cancellationToken);
        }
    }

    /// <summary>One delivery pass over every hook; returns the number of events delivered.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        foreach (var hook in hooks.Value)
        {
            var urlHash = UrlHash(hook.Url);
            await store.EnsureHookAsync(hook.Name, urlHash, cancellationToken);
            foreach (var pending in await store.GetPendingDeliveriesAsync(hook.Name, urlHash, hook.Aliases, BatchSize, cancellationToken))
            {
                if (await DeliverAsync(hook, urlHash, pending, cancellationToken))
                {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /// <summary>Lower-case hex SHA-256 of a URL: the delivery log names a hook's URL without storing it (it may hold a secret).</summary>
    public static string UrlHash(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16];

    /// <summary>The signature header value of <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task<bool> DeliverAsync(WebhookOptions hook, string urlHash, PendingDelivery pending, CancellationToken cancellationToken)
    {
        var change = pending.Change;
        var version = change.NewVersion is { } v ? await registry.GetVersionAsync(change.Model, v, cancellationToken) : null;
        var body = WebhookPayload.Create(hook.Format, change, version?.Metrics);
        var secret = WebhookOptionsValidation.Secret(hook);
        var token = hook.TokenEnv is { Length: > 0 } tokenEnv ? Environment.GetEnvironmentVariable(tokenEnv) : null;
        var signature = Sign(secret, body);
        var attempt = pending.Attempts;
        return await Pipeline().ExecuteAsync(async ct =>
        {
            attempt++;
            var (status, error) = await PostAsync(hook, body, signature, token, WebhookPayload.EventId(change.Id), ct);
            if (error is not null)
            {
                error = Scrub(error, hook.Url, secret, token);
            }
            var now = time.GetUtcNow();
            await store.RecordAttemptAsync(new WebhookAttempt(change.Id, hook.Name, urlHash, attempt, status, error, now,
                error is null ? now : null, error is null ? null : now + Backoff(attempt)), ct);
            if (error is null)
            {
                logger.WebhookDelivered(hook.Name, change.Id, change.Model, change.Alias, attempt);
                return true;
            }
            logger.WebhookAttemptFailed(hook.Name, Authority(hook.Url), change.Id, attempt, error);
            return false;
        }, cancellationToken);
    }

    private ResiliencePipeline<bool> Pipeline()
    {
        var options = delivery.Value;
        var builder = new ResiliencePipelineBuilder<bool> { TimeProvider = time };
        if (options.MaxAttemptsPerPass > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false),
                MaxRetryAttempts = options.MaxAttemptsPerPass - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
            });
        }
        return builder.Build();
    }

    /// <summary>When the next pass may try again after <paramref name="attempt"/> failed attempts.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var options = delivery.Value;
        var delay = options.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private async Task<(int? Status, string? Error)> PostAsync(WebhookOptions hook, byte[] body, string signature, string? token, string eventId,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, signature);
        request.Headers.Add("X-Relearn-Event", "alias_moved");
        request.Headers.Add("X-Relearn-Delivery", eventId);
        request.Headers.UserAgent.ParseAdd("relearn-webhooks/1");
        if (token is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (hook.Format == WebhookOptions.GitHubRepositoryDispatchFormat)
        {
            request.Headers.Accept.ParseAdd("application/vnd.github+json");
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delivery.Value.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer in {delivery.Value.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Error texts go to the delivery log and the log: never with the URL (its path may be a secret), the secret or the token.</summary>
    private static string Scrub(string error, string url, string secret, string? token)
    {
        var scrubbed = error.Replace(url, Authority(url), StringComparison.Ordinal).Replace(secret, "***", StringComparison.Ordinal);
        return token is { Length: > 0 } ? scrubbed.Replace(token, "***", StringComparison.Ordinal) : scrubbed;
    }

    private static string Authority(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(invalid url)";
}
