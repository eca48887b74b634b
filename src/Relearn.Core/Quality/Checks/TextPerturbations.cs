using System.Text;

namespace Relearn.Core.Quality.Checks;

/// <summary>
/// The text changes CheckList (Ribeiro et al., ACL 2020) applies in its invariance and directional tests: typos
/// (two adjacent characters swapped), punctuation, casing, person names, negation and intensifiers. Seeded, so a
/// report is the same on every run.
/// </summary>
public static class TextPerturbations
{
    /// <summary>First names from several regions: a model's answer should not depend on whose name is in the text.</summary>
    public static IReadOnlyList<string> Names { get; } = ["John", "Maria", "Wei", "Aisha", "Dmitri", "Keisha", "Santiago", "Priya"];

    /// <summary>Swaps two adjacent characters inside one word of four or more letters (CheckList's <c>add_typos</c>); null when the text has none.</summary>
    public static string? Typo(string text, Random random)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(random);
        var words = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }
            if (i - start >= 4)
            {
                words.Add((start, i - start));
            }
        }
        if (words.Count == 0)
        {
            return null;
        }
        var (wordStart, length) = words[random.Next(words.Count)];
        // Keep the first letter: a swap there reads as a different word rather than a typo.
        var at = wordStart + 1 + random.Next(length - 2);
        var chars = text.ToCharArray();
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        return new string(chars);
    }

    /// <summary>Drops the trailing punctuation, or adds a full stop when there is none (CheckList's <c>punctuation</c>).</summary>
    public static string Punctuation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimEnd();
        var stripped = trimmed.TrimEnd('.', '!', '?', ',', ';', ':');
        return stripped.Length < trimmed.Length && stripped.Length > 0 ? stripped : trimmed + ".";
    }

    /// <summary>All lower case.</summary>
    public static string Lower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToLowerInvariant();
    }

    /// <summary>Says the same thing in someone's words: <c>NAME says: text</c>.</summary>
    public static string Attributed(string name, string text) => new StringBuilder(name).Append(" says: ").Append(text).ToString();
}
