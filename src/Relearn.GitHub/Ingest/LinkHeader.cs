namespace Relearn.GitHub.Ingest;

/// <summary>Reads RFC 8288 <c>Link</c> headers as GitHub writes them: <c>&lt;URL&gt;; rel="next", &lt;URL&gt;; rel="last"</c>.</summary>
internal static class LinkHeader
{
    /// <summary>The absolute URL of <c>rel="next"</c>, resolved against <paramref name="baseUrl"/>; null on the last page.</summary>
    public static string? Next(string? header, string baseUrl)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var position = 0;
        while (position < header.Length)
        {
            var open = header.IndexOf('<', position);
            if (open < 0)
            {
                return null;
            }
            var close = header.IndexOf('>', open + 1);
            if (close < 0)
            {
                return null;
            }
            var target = header[(open + 1)..close];
            var end = header.IndexOf('<', close + 1);
            var parameters = end < 0 ? header[(close + 1)..] : header[(close + 1)..end];
            if (HasNextRelation(parameters) && Uri.TryCreate(new Uri(baseUrl), target.Trim(), out var next) && next.Scheme is "https" or "http")
            {
                return next.AbsoluteUri;
            }
            position = end < 0 ? header.Length : end;
        }
        return null;
    }

    private static bool HasNextRelation(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                var relations = parameter[(equals + 1)..].Trim().Trim('"', ',').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return relations.Contains("next", StringComparer.OrdinalIgnoreCase);
            }
        }
        return false;
    }
}
