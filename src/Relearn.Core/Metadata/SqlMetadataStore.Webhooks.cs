using System.Text.Json;
using System.Data.Common;
using Relearn.Core.Registry;
using Relearn.Core.Webhooks;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IWebhookStore
{
    /// <inheritdoc />
    public Task<long> EnsureHookAsync(string hook, string urlHash, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using (var insert = Command(c, t,
                "INSERT INTO webhook_hooks (hook, url_hash, start_after_audit_id, created_at) VALUES (@h, @u, (SELECT COALESCE(MAX(id), 0) FROM alias_audit), @t) ON CONFLICT (hook, url_hash) DO NOTHING",
                ("@h", hook), ("@u", urlHash), ("@t", Now())))
            {
                await insert.ExecuteNonQueryAsync(token);
            }
            await using var select = Command(c, t, "SELECT start_after_audit_id FROM webhook_hooks WHERE hook = @h AND url_hash = @u", ("@h", hook), ("@u", urlHash));
            return (long)(await select.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingDelivery>> GetPendingDeliveriesAsync(string hook, string urlHash, IReadOnlyCollection<string> aliases, int limit,
        CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            $"""
            SELECT a.id, a.name, a.alias, a.previous_version, a.new_version, a.action, a.actor, a.reason, a.at,
                   (SELECT CAST(COUNT(*) AS integer) FROM webhook_deliveries d WHERE d.audit_id = a.id AND d.hook = @h AND d.url_hash = @u)
            FROM alias_audit a
            WHERE a.id > (SELECT start_after_audit_id FROM webhook_hooks WHERE hook = @h AND url_hash = @u)
              AND (CAST(@aliases AS text) IS NULL OR a.alias IN ({Dialect.JsonTextArray("@aliases")}))
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.audit_id = a.id AND d.hook = @h AND d.url_hash = @u AND d.delivered_at IS NOT NULL)
              AND COALESCE((SELECT d.next_attempt_at FROM webhook_deliveries d WHERE d.audit_id = a.id AND d.hook = @h AND d.url_hash = @u ORDER BY d.id DESC LIMIT 1), 0) <= @now
            ORDER BY a.id
            LIMIT @limit
            """,
            ("@h", hook), ("@u", urlHash), ("@aliases", aliases.Count == 0 ? null : JsonSerializer.Serialize(aliases)), ("@now", Now()), ("@limit", limit)),
            r => new PendingDelivery(ReadAliasChange(r), r.GetInt32(9)), token), cancellationToken);

    /// <inheritdoc />
    public Task RecordAttemptAsync(WebhookAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return WriteAsync(async (c, t, token) =>
        {
            await using var insert = Command(c, t,
                """
                INSERT INTO webhook_deliveries (audit_id, hook, url_hash, attempt, status_code, error, attempted_at, delivered_at, next_attempt_at)
                VALUES (@a, @h, @u, @n, @s, @e, @t, @d, @next)
                """,
                ("@a", attempt.AuditId), ("@h", attempt.Hook), ("@u", attempt.UrlHash), ("@n", attempt.Attempt), ("@s", attempt.StatusCode),
                ("@e", attempt.Error), ("@t", attempt.AttemptedAt.ToUnixTimeMilliseconds()), ("@d", attempt.DeliveredAt?.ToUnixTimeMilliseconds()),
                ("@next", attempt.NextAttemptAt?.ToUnixTimeMilliseconds()));
            await insert.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            """
            SELECT d.id, d.audit_id, d.hook, d.url_hash, a.name, a.alias, a.new_version, a.action, d.attempt, d.status_code, d.error,
                   d.attempted_at, d.delivered_at, d.next_attempt_at
            FROM webhook_deliveries d JOIN alias_audit a ON a.id = d.audit_id
            ORDER BY d.id DESC
            LIMIT @limit
            """, ("@limit", limit)),
            r => new WebhookDelivery(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetInt32(6), r.GetString(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt32(9),
                r.IsDBNull(10) ? null : r.GetString(10), FromMillis(r.GetInt64(11)), r.IsDBNull(12) ? null : FromMillis(r.GetInt64(12)),
                r.IsDBNull(13) ? null : FromMillis(r.GetInt64(13))), token), cancellationToken);

    private static AliasChange ReadAliasChange(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2),
        r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4),
        r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), FromMillis(r.GetInt64(8)));
}
