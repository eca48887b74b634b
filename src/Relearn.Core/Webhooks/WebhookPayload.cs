using System.Text.Json;
using Relearn.Core.Registry;

namespace Relearn.Core.Webhooks;

/// <summary>The JSON bodies a webhook receives for an alias move.</summary>
public static class WebhookPayload
{
    /// <summary>Value of <c>event</c> in Relearn's format.</summary>
    public const string EventName = "relearn.alias_moved";

    /// <summary>Value of <c>event_type</c> in GitHub's <c>repository_dispatch</c> format.</summary>
    public const string GitHubEventType = "relearn-alias-moved";

    /// <summary>The stable id of the event an audit entry raises; retries send the same id, so receivers can de-duplicate.</summary>
    public static string EventId(long auditId) => $"alias_audit:{auditId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The body for <paramref name="format"/>, UTF-8 JSON.</summary>
    public static byte[] Create(string format, AliasChange change, IReadOnlyDictionary<string, double>? metrics)
    {
        ArgumentNullException.ThrowIfNull(change);
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["event"] = EventName,
            ["id"] = EventId(change.Id),
            ["model"] = change.Model,
            ["alias"] = change.Alias,
            ["version"] = change.NewVersion,
            ["previous_version"] = change.PreviousVersion,
            ["action"] = change.Action,
            ["actor"] = change.Actor,
            ["reason"] = change.Reason,
            ["metrics"] = metrics ?? new Dictionary<string, double>(),
            ["at"] = change.At,
        };
        if (format == WebhookOptions.GitHubRepositoryDispatchFormat)
        {
            // GitHub allows at most 10 top-level properties in client_payload; event_type already names the event.
            fields.Remove("event");
            return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["event_type"] = GitHubEventType, ["client_payload"] = fields }, JsonDefaults.Compact);
        }
        return JsonSerializer.SerializeToUtf8Bytes(fields, JsonDefaults.Compact);
    }
}
