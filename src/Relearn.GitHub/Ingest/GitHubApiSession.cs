using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Relearn.Core;

namespace Relearn.GitHub.Ingest;

/// <summary>
/// The HTTP side of one sync: conditional GETs, redirects, GitHub's rate limits and retries. Every wait goes
/// through the injected <see cref="TimeProvider"/>: Polly's retry for 5xx, timeouts and connection errors
/// (exponential back-off with jitter) and for 403/429 limits (Retry-After, else until x-ratelimit-reset, else a
/// minute), plus a pause before the next request when a response says the primary limit is used up.
/// </summary>
internal sealed class GitHubApiSession
{
    /// <summary>Tries per request, the first included.</summary>
    public const int MaxAttempts = 6;

    private const int MaxRedirects = 5;

    private readonly HttpClient _client;
    private readonly Uri _apiUrl;
    private readonly GitHubToken? _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IProgress<string>? _progress;
    private readonly ResiliencePipeline<GitHubResponse> _retry;
    private DateTimeOffset? _pauseUntil;
    private string _currentUrl = "";

    public GitHubApiSession(HttpClient client, Uri apiUrl, GitHubToken? token, TimeProvider time, ILogger logger, IProgress<string>? progress)
    {
        _client = client;
        _apiUrl = apiUrl;
        _token = token;
        _time = time;
        _logger = logger;
        _progress = progress;
        _retry = new ResiliencePipelineBuilder<GitHubResponse> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<GitHubResponse>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryDelay(_time.GetUtcNow())),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } result ? result.StatusText : $"{args.Outcome.Exception?.GetType().Name}: {args.Outcome.Exception?.Message}";
                    _logger.RequestRetry(_currentUrl, reason, args.AttemptNumber + 2, args.RetryDelay.TotalSeconds);
                    if (args.RetryDelay >= TimeSpan.FromSeconds(10))
                    {
                        _progress?.Report($"{reason}; waiting {args.RetryDelay.TotalSeconds:0} s");
                    }
                    return default;
                },
            })
            .Build();
    }

    /// <summary>HTTP requests sent, retries and redirect hops included.</summary>
    public int Requests { get; private set; }

    /// <summary>Responses 304 Not Modified.</summary>
    public int NotModified { get; private set; }

    /// <summary>
    /// GETs <paramref name="url"/> (with <c>If-None-Match</c> when <paramref name="etag"/> is given), retrying what
    /// is worth retrying. Returns the final response whatever its status; throws only when GitHub could not be
    /// reached at all.
    /// </summary>
    public async Task<GitHubResponse> GetAsync(string url, string? etag, CancellationToken cancellationToken = default)
    {
        _currentUrl = url;
        GitHubResponse response;
        try
        {
            response = await _retry.ExecuteAsync(
                static (state, token) => new ValueTask<GitHubResponse>(state.Session.SendAsync(state.Url, state.Etag, token)),
                (Session: this, Url: url, Etag: etag),
                cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw RelearnException.Invalid($"GitHub did not answer GET {url} within {_client.Timeout.TotalSeconds:0} s ({MaxAttempts} tries)", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw RelearnException.Invalid($"could not reach {_apiUrl.GetLeftPart(UriPartial.Authority)} for GET {url} ({MaxAttempts} tries): {e.Message}", e);
        }
        if (response.Status == HttpStatusCode.NotModified)
        {
            NotModified++;
        }
        return response;
    }

    private async Task<GitHubResponse> SendAsync(string url, string? etag, CancellationToken cancellationToken = default)
    {
        await PauseForRateLimitAsync(cancellationToken);
        var target = new Uri(url);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }
            // Only the API's own origin sees the token, also after a redirect (HttpClient's own redirect handling
            // would drop it even there, which breaks renamed private repositories).
            if (_token is not null && SameOrigin(target, _apiUrl))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Value);
            }
            Requests++;
            using var message = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var response = await GitHubResponse.ReadAsync(url, target, message, _time.GetUtcNow(), cancellationToken);
            _pauseUntil = response.PauseBeforeNext(_time.GetUtcNow()) is { } pause ? _time.GetUtcNow() + pause : null;
            if (!IsRedirect(response.Status))
            {
                return response;
            }
            if (message.Headers.Location is not { } location)
            {
                throw RelearnException.Invalid($"GitHub redirected GET {url} ({(int)response.Status}) without a Location");
            }
            if (hop >= MaxRedirects)
            {
                throw RelearnException.Invalid($"GitHub redirected GET {url} more than {MaxRedirects} times");
            }
            target = new Uri(target, location);
        }
    }

    private async Task PauseForRateLimitAsync(CancellationToken cancellationToken = default)
    {
        if (_pauseUntil is not { } until || until <= _time.GetUtcNow())
        {
            return;
        }
        var wait = until - _time.GetUtcNow();
        _logger.RateLimitWait(wait.TotalSeconds, until);
        _progress?.Report($"rate limit reached; waiting until {until:HH:mm:ss} UTC");
        await Task.Delay(wait, _time, cancellationToken);
    }

    private static bool ShouldRetry(Outcome<GitHubResponse> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Exception: OperationCanceledException } => !cancellationToken.IsCancellationRequested, // HttpClient's timeout
        { Exception: HttpRequestException or IOException } => true,
        { Exception: not null } => false,
        { Result: { } response } => (int)response.Status >= 500 || response.IsRateLimited,
        _ => false,
    };

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
