namespace Relearn.GitHub.Ingest;

/// <summary>Reads query parameters of page URLs (<c>per_page</c>, <c>since</c>).</summary>
internal static class PageUrl
{
    /// <summary>The unescaped value of the first <paramref name="name"/> parameter, or null.</summary>
    public static string? Query(string url, string name)
    {
        var prefix = name + "=";
        foreach (var pair in new Uri(url).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[prefix.Length..]);
            }
        }
        return null;
    }
}
