namespace Relearn.GitHub.Bot;

/// <summary>What the bot did with a pull request event.</summary>
public enum BotOutcome
{
    /// <summary>A review was posted.</summary>
    Posted,
    /// <summary>No token: the review was logged, not posted.</summary>
    DryRun,
    /// <summary>This delivery id was handled before.</summary>
    DuplicateDelivery,
    /// <summary>This head commit was reviewed before.</summary>
    AlreadyReviewed,
}
