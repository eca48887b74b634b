using Relearn.Core.Registry;

namespace Relearn.Core.Webhooks;

/// <summary>The webhook outbox over the alias audit log: per-hook start watermarks and the delivery log.</summary>
public interface IWebhookStore
{
    /// <summary>Records a hook on first sight with the newest audit id as its watermark; returns the watermark.</summary>
    Task<long> EnsureHookAsync(string hook, string urlHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Audit entries after the hook's watermark that it has not received, whose back-off has passed, oldest first,
    /// with the attempts made so far. <paramref name="aliases"/> (when not empty) limits them to those aliases.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> GetPendingDeliveriesAsync(string hook, string urlHash, IReadOnlyCollection<string> aliases, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>Appends one attempt to the delivery log.</summary>
    Task RecordAttemptAsync(WebhookAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>The delivery log, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(int limit = 100, CancellationToken cancellationToken = default);
}

/// <summary>An audit entry a hook still has to receive.</summary>
public sealed record PendingDelivery(AliasChange Change, int Attempts);

/// <summary>One POST of an event to a hook, as recorded.</summary>
public sealed record WebhookAttempt(long AuditId, string Hook, string UrlHash, int Attempt, int? StatusCode, string? Error,
    DateTimeOffset AttemptedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);

/// <summary>A row of the delivery log, with the event it carried.</summary>
public sealed record WebhookDelivery(long Id, long AuditId, string Hook, string UrlHash, string Model, string Alias, int? Version, string Action,
    int Attempt, int? StatusCode, string? Error, DateTimeOffset AttemptedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);
