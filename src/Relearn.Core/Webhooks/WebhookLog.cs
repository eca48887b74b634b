using Microsoft.Extensions.Logging;

namespace Relearn.Core;

/// <summary>Log messages of webhook delivery (event ids 1800-1849). URLs are logged by authority only: a path may hold a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "Webhook {Hook} took event {AuditId} ({Model}@{Alias}) on attempt {Attempt}")]
    public static partial void WebhookDelivered(this ILogger logger, string hook, long auditId, string model, string alias, int attempt);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Webhook {Hook} at {Authority} failed event {AuditId} on attempt {Attempt}: {Error}")]
    public static partial void WebhookAttemptFailed(this ILogger logger, string hook, string authority, long auditId, int attempt, string error);

}
