namespace Relearn.GitHub.Bot;

/// <summary>The GitHub review bot's settings (<c>Relearn:GitHub</c>).</summary>
public sealed class ReviewBotOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Relearn:GitHub";

    /// <summary>The webhook secret deliveries are signed with (<c>X-Hub-Signature-256</c>); without it every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Token the bot posts reviews with; without it the bot only logs what it would post (a dry run).</summary>
    public string? Token { get; set; }

    /// <summary>API root: https://api.github.com, or GitHub Enterprise Server's <c>https://HOST/api/v3</c>.</summary>
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>The registered model that reviews, and its alias.</summary>
    public string Model { get; set; } = "review-assist";

    /// <summary>Alias of <see cref="Model"/> used.</summary>
    public string Alias { get; set; } = "production";
}
