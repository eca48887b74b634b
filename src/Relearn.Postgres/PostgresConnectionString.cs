using Npgsql;
using Relearn.Core;

namespace Relearn.Postgres;

/// <summary>Turns a <c>postgresql://user:pass@host:port/db</c> location into an Npgsql connection string.</summary>
public static class PostgresConnectionString
{
    /// <summary>
    /// The connection string for <paramref name="uri"/>: a <c>postgresql://</c> or <c>postgres://</c> URI (user and
    /// password URL-decoded, port 5432 by default, query parameters passed on as Npgsql keywords), or an Npgsql
    /// connection string as is.
    /// </summary>
    public static string FromUri(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        if (!uri.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(uri).ConnectionString;
        }
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw RelearnException.Invalid($"'{Redact(uri)}' is not a PostgreSQL URI (postgresql://user:pass@host:port/db)");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port < 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (parsed.UserInfo.Length > 0)
        {
            var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
            }
        }
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            builder[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return builder.ConnectionString;
    }

    /// <summary><paramref name="uri"/> with any password replaced by <c>***</c>, for messages.</summary>
    public static string Redact(string uri)
    {
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0)
        {
            return uri;
        }
        var colon = uri.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? string.Concat(uri.AsSpan(0, colon + 1), "***", uri.AsSpan(at)) : uri;
    }
}
