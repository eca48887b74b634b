namespace Relearn.Core.Webhooks;

/// <summary>One promotion webhook, an entry of the <c>Relearn:Webhooks</c> list.</summary>
public sealed class WebhookOptions
{
    /// <summary>Format that posts Relearn's own event.</summary>
    public const string RelearnFormat = "relearn";

    /// <summary>Format that posts GitHub's <c>repository_dispatch</c> payload, to start a GitHub Actions workflow.</summary>
    public const string GitHubRepositoryDispatchFormat = "github-repository-dispatch";

    /// <summary>Stable name of the hook; the delivery log and the start watermark are kept per name and URL.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where events are POSTed (for GitHub: <c>https://api.github.com/repos/OWNER/REPO/dispatches</c>).</summary>
    public string Url { get; set; } = "";

    /// <summary>Environment variable holding the HMAC secret that signs every body (never the secret itself).</summary>
    public string SecretEnv { get; set; } = "";

    /// <summary><c>relearn</c> (default) or <c>github-repository-dispatch</c>.</summary>
    public string Format { get; set; } = RelearnFormat;

    /// <summary>Environment variable holding a token sent as <c>Authorization: Bearer</c> (required for GitHub).</summary>
    public string? TokenEnv { get; set; }

    /// <summary>Only events of these aliases are sent; empty sends every alias.</summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>How webhooks are retried, <c>Relearn:WebhookDelivery</c>.</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Attempts per event in one delivery pass (later passes try again after the back-off).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 20)]
    public int MaxAttemptsPerPass { get; set; } = 4;

    /// <summary>Delay before the first retry; doubles on every attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often <c>relearn serve</c> looks for undelivered events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one POST.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
