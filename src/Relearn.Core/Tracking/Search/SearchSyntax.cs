using System.Globalization;

namespace Relearn.Core.Tracking.Search;

/// <summary>Builds the one error every bad filter or order_by gets: what is wrong, and at which character offset.</summary>
internal static class SearchSyntax
{
    public static RelearnException Error(string what, string text, int position, string problem) =>
        RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
            $"invalid {what} at position {position}: {problem} (in \"{Quoted(text)}\")"));

    /// <summary>The text as the error quotes it: a huge filter is cut, so the one-line message stays readable.</summary>
    private static string Quoted(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");
}
