using System.Globalization;
using System.Text;

namespace Relearn.Core.Tracking.Search;

/// <summary>The opaque page_token of a search: where the next page starts. A token a caller made up is an invalid input.</summary>
public static class SearchPageToken
{
    private const string Prefix = "relearn-offset:";

    /// <summary>The token for a page starting at <paramref name="offset"/>.</summary>
    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset a token names; 0 for none.</summary>
    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        throw RelearnException.Invalid($"page_token '{token}' is not a token this server gave out");
    }
}
