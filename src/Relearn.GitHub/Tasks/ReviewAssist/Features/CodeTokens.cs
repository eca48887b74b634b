using System.Text.RegularExpressions;

namespace Relearn.GitHub.Tasks.ReviewAssist.Features;

/// <summary>
/// Code split into lower-case words for the location model and the comment index: each identifier as a whole and
/// its camelCase / snake_case parts (<c>getUserName</c> → <c>getusername get user name</c>), numbers dropped.
/// </summary>
public static partial class CodeTokens
{
    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>The tokens of one line of code, in order.</summary>
    public static IEnumerable<string> Of(string code)
    {
        foreach (Match identifier in Identifier().Matches(code))
        {
            var whole = identifier.Value.ToLowerInvariant();
            if (whole.Length >= 2)
            {
                yield return whole;
            }
            var parts = Part().Matches(identifier.Value);
            if (parts.Count > 1)
            {
                foreach (Match part in parts)
                {
                    if (part.Length >= 2 && !char.IsAsciiDigit(part.Value[0]))
                    {
                        yield return part.Value.ToLowerInvariant();
                    }
                }
            }
        }
    }

    /// <summary>A stable 32-bit FNV-1a hash: string.GetHashCode differs between processes, so a saved model could not use it.</summary>
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
