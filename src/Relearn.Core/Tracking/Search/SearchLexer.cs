using System.Text;

namespace Relearn.Core.Tracking.Search;

/// <summary>Splits filter text into tokens; every error names the character offset it stopped at.</summary>
internal static class SearchLexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "LIKE", "ILIKE", "IN", "NOT", "ASC", "DESC", "IS", "NULL" };

    public static List<SearchToken> Tokenize(string text, string what)
    {
        var tokens = new List<SearchToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c is '\'' or '"' or '`')
            {
                tokens.Add(new(c == '`' ? SearchTokenKind.Identifier : SearchTokenKind.String, ReadQuoted(text, ref i, what), start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' or '/' or ':'))
                {
                    i++;
                }
                var word = text[start..i];
                // A quoted key right after the prefix joins it: metrics."my key", tags.`a b`.
                if (word.EndsWith('.') && i < text.Length && text[i] is '"' or '`' or '\'')
                {
                    word += ReadQuoted(text, ref i, what);
                    tokens.Add(new(SearchTokenKind.Identifier, word, start));
                    continue;
                }
                tokens.Add(new(Keywords.Contains(word) ? SearchTokenKind.Keyword : SearchTokenKind.Identifier, word, start));
                continue;
            }
            if (char.IsDigit(c) || ((c is '-' or '+' or '.') && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || ((text[i] is '-' or '+') && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }
                tokens.Add(new(SearchTokenKind.Number, text[start..i], start));
                continue;
            }
            switch (c)
            {
                case '(':
                    tokens.Add(new(SearchTokenKind.OpenParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(SearchTokenKind.CloseParen, ")", i++));
                    continue;
                case ',':
                    tokens.Add(new(SearchTokenKind.Comma, ",", i++));
                    continue;
                case '=':
                    tokens.Add(new(SearchTokenKind.Operator, "=", i));
                    i += i + 1 < text.Length && text[i + 1] == '=' ? 2 : 1;
                    continue;
                case '!' when i + 1 < text.Length && text[i + 1] == '=':
                    tokens.Add(new(SearchTokenKind.Operator, "!=", i));
                    i += 2;
                    continue;
                case '<' or '>':
                    var op = i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>')) ? text.Substring(i, 2) : c.ToString();
                    tokens.Add(new(SearchTokenKind.Operator, op == "<>" ? "!=" : op, i));
                    i += op.Length;
                    continue;
            }
            throw SearchSyntax.Error(what, text, start, $"unexpected character '{c}'");
        }
        tokens.Add(new(SearchTokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i, string what)
    {
        var quote = text[i];
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }
            if (c == quote)
            {
                // A doubled quote is a literal quote, as in SQL.
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return value.ToString();
            }
            value.Append(c);
            i++;
        }
        throw SearchSyntax.Error(what, text, start, $"the string starting with {quote} is never closed");
    }
}
