using System.Globalization;

namespace Relearn.Core.Tracking.Search;

/// <summary>
/// Parses MLflow's search syntax into a <see cref="SearchFilter"/> or <see cref="SearchOrder"/> list:
/// <c>metrics.auc &gt; 0.9 AND params.lr = '0.1' AND attributes.status IN ('FINISHED', 'FAILED')</c>,
/// <c>metrics.auc DESC</c>. It checks names and value types against a <see cref="SearchScope"/>, and every
/// error names the character offset of the problem. It builds no SQL: a store translates the result.
/// </summary>
public static class SearchParser
{
    /// <summary>
    /// Most comparisons one filter may join with AND. Each becomes a nested SQL condition; thousands of them reach the
    /// database's expression-depth limit (SQLite's is 1000), which is the caller's mistake, not a store outage.
    /// </summary>
    public const int MaxComparisons = 100;

    /// <summary>Most values in one IN list (each is a query parameter).</summary>
    public const int MaxInValues = 1000;

    /// <summary>Most order_by terms.</summary>
    public const int MaxOrderBy = 20;

    /// <summary>Parses a filter; null or blank matches everything.</summary>
    public static SearchFilter ParseFilter(string? text, SearchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrWhiteSpace(text))
        {
            return SearchFilter.All;
        }
        var tokens = SearchLexer.Tokenize(text, "filter");
        var at = 0;
        var comparisons = new List<SearchComparison>();
        while (true)
        {
            if (comparisons.Count == MaxComparisons)
            {
                throw SearchSyntax.Error("filter", text, tokens[at].Position, string.Create(CultureInfo.InvariantCulture, $"a filter joins at most {MaxComparisons} comparisons"));
            }
            comparisons.Add(ParseComparison(text, tokens, ref at, scope));
            var next = tokens[at];
            if (next.Kind == SearchTokenKind.End)
            {
                return new SearchFilter(comparisons);
            }
            if (next.Kind == SearchTokenKind.Keyword && next.Text.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                at++;
                continue;
            }
            if (next.Kind == SearchTokenKind.Keyword && next.Text.Equals("OR", StringComparison.OrdinalIgnoreCase))
            {
                throw SearchSyntax.Error("filter", text, next.Position, "OR is not supported; join terms with AND");
            }
            throw SearchSyntax.Error("filter", text, next.Position, $"expected AND or the end, found '{next.Text}'");
        }
    }

    /// <summary>Parses order_by terms such as <c>metrics.auc DESC</c> or <c>attributes.start_time</c> (ASC by default).</summary>
    public static IReadOnlyList<SearchOrder> ParseOrderBy(IEnumerable<string>? terms, SearchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var orders = new List<SearchOrder>();
        foreach (var text in terms ?? [])
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (orders.Count == MaxOrderBy)
            {
                throw SearchSyntax.Error("order_by", text, 0, string.Create(CultureInfo.InvariantCulture, $"at most {MaxOrderBy} order_by terms are allowed"));
            }
            var tokens = SearchLexer.Tokenize(text, "order_by");
            var first = tokens[0];
            if (first.Kind != SearchTokenKind.Identifier)
            {
                throw SearchSyntax.Error("order_by", text, first.Position, $"expected a key such as metrics.auc, found '{first.Text}'");
            }
            var (entity, key) = Identify(text, first, scope, "order_by");
            var descending = false;
            var at = 1;
            if (tokens[at] is { Kind: SearchTokenKind.Keyword } direction && (direction.Text.Equals("ASC", StringComparison.OrdinalIgnoreCase) || direction.Text.Equals("DESC", StringComparison.OrdinalIgnoreCase)))
            {
                descending = direction.Text.Equals("DESC", StringComparison.OrdinalIgnoreCase);
                at++;
            }
            if (tokens[at].Kind != SearchTokenKind.End)
            {
                throw SearchSyntax.Error("order_by", text, tokens[at].Position, $"expected ASC, DESC or the end, found '{tokens[at].Text}'");
            }
            orders.Add(new SearchOrder(entity, key, descending));
        }
        return orders;
    }

    private static SearchComparison ParseComparison(string text, List<SearchToken> tokens, ref int at, SearchScope scope)
    {
        var name = tokens[at];
        if (name.Kind != SearchTokenKind.Identifier)
        {
            throw SearchSyntax.Error("filter", text, name.Position,
                name.Kind == SearchTokenKind.End ? "expected a term such as metrics.auc > 0.9, found the end" : $"expected a key such as metrics.auc, found '{name.Text}'");
        }
        var (entity, key) = Identify(text, name, scope, "filter");
        at++;
        var opToken = tokens[at];
        var op = ReadOperator(text, tokens, ref at);
        var numeric = scope.IsNumeric(entity, key);
        if (numeric && op is SearchOperator.Like or SearchOperator.ILike)
        {
            throw SearchSyntax.Error("filter", text, opToken.Position, $"{opToken.Text.ToUpperInvariant()} compares strings, and {Describe(entity, key)} is a number");
        }
        if (!numeric && op is SearchOperator.Less or SearchOperator.LessOrEqual or SearchOperator.Greater or SearchOperator.GreaterOrEqual)
        {
            throw SearchSyntax.Error("filter", text, opToken.Position, $"'{opToken.Text}' compares numbers, and {Describe(entity, key)} is a string; use =, !=, LIKE, ILIKE or IN");
        }
        var values = new List<object>();
        if (op is SearchOperator.In or SearchOperator.NotIn)
        {
            Expect(text, tokens[at], SearchTokenKind.OpenParen, "'(' after IN");
            at++;
            while (true)
            {
                if (values.Count == MaxInValues)
                {
                    throw SearchSyntax.Error("filter", text, tokens[at].Position, string.Create(CultureInfo.InvariantCulture, $"an IN list holds at most {MaxInValues} values"));
                }
                values.Add(ReadValue(text, tokens[at++], numeric, entity, key));
                var separator = tokens[at++];
                if (separator.Kind == SearchTokenKind.CloseParen)
                {
                    break;
                }
                Expect(text, separator, SearchTokenKind.Comma, "',' or ')' in the IN list");
            }
        }
        else
        {
            values.Add(ReadValue(text, tokens[at++], numeric, entity, key));
        }
        return new SearchComparison(entity, key, op, values, name.Position);
    }

    private static SearchOperator ReadOperator(string text, List<SearchToken> tokens, ref int at)
    {
        var token = tokens[at++];
        if (token.Kind == SearchTokenKind.Operator)
        {
            return token.Text switch
            {
                "=" => SearchOperator.Equal,
                "!=" => SearchOperator.NotEqual,
                "<" => SearchOperator.Less,
                "<=" => SearchOperator.LessOrEqual,
                ">" => SearchOperator.Greater,
                _ => SearchOperator.GreaterOrEqual,
            };
        }
        if (token.Kind == SearchTokenKind.Keyword)
        {
            switch (token.Text.ToUpperInvariant())
            {
                case "LIKE":
                    return SearchOperator.Like;
                case "ILIKE":
                    return SearchOperator.ILike;
                case "IN":
                    return SearchOperator.In;
                case "NOT" when tokens[at] is { Kind: SearchTokenKind.Keyword } next && next.Text.Equals("IN", StringComparison.OrdinalIgnoreCase):
                    at++;
                    return SearchOperator.NotIn;
            }
        }
        throw SearchSyntax.Error("filter", text, token.Position,
            $"expected a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE, IN), found {(token.Kind == SearchTokenKind.End ? "the end" : $"'{token.Text}'")}");
    }

    private static object ReadValue(string text, SearchToken token, bool numeric, SearchEntity entity, string key)
    {
        if (numeric)
        {
            if (token.Kind == SearchTokenKind.Number && double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            // MLflow clients sometimes quote numbers: start_time > '1700000000000'.
            if (token.Kind == SearchTokenKind.String && double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var quoted))
            {
                return quoted;
            }
            throw SearchSyntax.Error("filter", text, token.Position, $"{Describe(entity, key)} is a number; expected a number, found {Found(token)}");
        }
        if (token.Kind == SearchTokenKind.String)
        {
            return token.Text;
        }
        throw SearchSyntax.Error("filter", text, token.Position, $"{Describe(entity, key)} is a string; expected a quoted string, found {Found(token)}");
    }

    private static (SearchEntity Entity, string Key) Identify(string text, SearchToken token, SearchScope scope, string what)
    {
        var dot = token.Text.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot < 0 ? null : token.Text[..dot];
        SearchEntity? entity = prefix?.ToLowerInvariant() switch
        {
            "metrics" or "metric" => SearchEntity.Metric,
            "params" or "param" or "parameters" or "parameter" => SearchEntity.Param,
            "tags" or "tag" => SearchEntity.Tag,
            "attributes" or "attribute" or "attr" or "run" => SearchEntity.Attribute,
            _ => null,
        };
        var key = entity is null ? token.Text : token.Text[(dot + 1)..];
        entity ??= SearchEntity.Attribute;
        if (key.Length == 0)
        {
            throw SearchSyntax.Error(what, text, token.Position, $"'{token.Text}' names no key");
        }
        if (!scope.Entities.Contains(entity.Value))
        {
            throw SearchSyntax.Error(what, text, token.Position, $"{scope.What} cannot be searched by {prefix}");
        }
        if (entity == SearchEntity.Attribute)
        {
            // MLflow's spellings of the same attributes.
            key = key switch
            {
                "run_uuid" => "run_id",
                "name" when scope == SearchScope.Runs => "run_name",
                "created" or "creation_time" when scope == SearchScope.Runs => "start_time",
                "timestamp" when scope == SearchScope.ModelVersions || scope == SearchScope.RegisteredModels => "creation_timestamp",
                _ => key,
            };
            if (!scope.StringAttributes.Contains(key) && !scope.NumberAttributes.Contains(key))
            {
                var known = string.Join(", ", scope.StringAttributes.Concat(scope.NumberAttributes).Order(StringComparer.Ordinal));
                throw SearchSyntax.Error(what, text, token.Position, $"'{key}' is not an attribute of {scope.What} (known: {known})");
            }
        }
        return (entity.Value, key);
    }

    private static void Expect(string text, SearchToken token, SearchTokenKind kind, string expected)
    {
        if (token.Kind != kind)
        {
            throw SearchSyntax.Error("filter", text, token.Position, $"expected {expected}, found {Found(token)}");
        }
    }

    private static string Found(SearchToken token) => token.Kind == SearchTokenKind.End ? "the end" : $"'{token.Text}'";

    private static string Describe(SearchEntity entity, string key) => entity switch
    {
        SearchEntity.Metric => $"metric '{key}'",
        SearchEntity.Param => $"param '{key}'",
        SearchEntity.Tag => $"tag '{key}'",
        _ => $"attribute '{key}'",
    };
}
