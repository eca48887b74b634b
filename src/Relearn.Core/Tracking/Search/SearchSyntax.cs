using System.Globalization;

namespace Relearn.Core.Tracking.Search;

/// <summary>Builds the one error every bad filter or order_by gets: what is wrong, and at which character offset.</summary>
internal static class SearchSyntax
{
    public static RelearnException Error(string what, string text, int position, string problem) =>
        RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
            $"invalid {what} at position {position}: {problem} (in \"{text}\")"));
}
