using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Relearn.GitHub.Ingest;

/// <summary>A GitHub API response, read whole: status, the headers the crawler acts on, and the body bytes.</summary>
internal sealed record GitHubResponse(
    string Url,
    string FinalUrl,
    HttpStatusCode Status,
    string? ReasonPhrase,
    string? ETag,
    string? Link,
    int? RateLimitRemaining,
    DateTimeOffset? RateLimitReset,
    TimeSpan? RetryAfter,
    byte[] Body)
{
    /// <summary>GitHub's advice when a limit is hit without saying until when: wait at least a minute.</summary>
    public static readonly TimeSpan DefaultLimitWait = TimeSpan.FromMinutes(1);

    /// <summary>The primary limit resets hourly, so no honest wait is longer (guards against a skewed clock).</summary>
    public static readonly TimeSpan MaxLimitWait = TimeSpan.FromMinutes(61);

    public static async Task<GitHubResponse> ReadAsync(string url, Uri finalUrl, HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        return new GitHubResponse(url, finalUrl.AbsoluteUri, response.StatusCode, response.ReasonPhrase, response.Headers.ETag?.ToString(),
            Header(response, "Link"), Header(response, "x-ratelimit-remaining") is { } remaining && int.TryParse(remaining, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null,
            ResetTime(Header(response, "x-ratelimit-reset")), retryAfter, body);
    }

    /// <summary>403 or 429 because of the primary or a secondary rate limit (not a permission problem).</summary>
    public bool IsRateLimited =>
        Status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests &&
        (Status == HttpStatusCode.TooManyRequests || RetryAfter is not null || RateLimitRemaining == 0 ||
         Message?.Contains("rate limit", StringComparison.OrdinalIgnoreCase) == true || Message?.Contains("abuse", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>How long to hold the next request: until the reset when this response used up the primary limit.</summary>
    public TimeSpan? PauseBeforeNext(DateTimeOffset now) =>
        RateLimitRemaining == 0 ? Clamp(RateLimitReset is { } reset ? reset - now + TimeSpan.FromSeconds(1) : DefaultLimitWait) : null;

    /// <summary>The wait before retrying this response, when GitHub said (Retry-After, or a rate limit); null means exponential back-off.</summary>
    public TimeSpan? RetryDelay(DateTimeOffset now) =>
        RetryAfter is { } after ? Clamp(after) : IsRateLimited ? PauseBeforeNext(now) ?? DefaultLimitWait : null;

    /// <summary>GitHub's error <c>message</c>, with the <c>errors[]</c> details of a 422; null when the body has none.</summary>
    public string? Message
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                var details = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                    ? errors.EnumerateArray().Select(Detail).Where(d => d.Length > 0).ToList()
                    : [];
                return details.Count == 0 ? message.GetString() : $"{message.GetString()}: {string.Join("; ", details)}";
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary><c>502 Bad Gateway</c>, or GitHub's message in place of the reason phrase.</summary>
    public string StatusText => $"{(int)Status} {Message ?? ReasonPhrase ?? Status.ToString()}".ReplaceLineEndings(" ");

    private static string Detail(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "",
        JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString() ?? "",
        JsonValueKind.Object => string.Join(" ", new[] { Join(error, "resource", "field"), Text(error, "code") }.Where(s => s.Length > 0)),
        _ => "",
    };

    private static string Join(JsonElement error, string resource, string field) =>
        string.Join(".", new[] { Text(error, resource), Text(error, field) }.Where(s => s.Length > 0));

    private static string Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    // Epoch seconds; anything that is not a plausible time is ignored (and the default wait applies).
    private static DateTimeOffset? ResetTime(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxLimitWait ? MaxLimitWait : wait;
}
