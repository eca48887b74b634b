using System.Globalization;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Metadata;

/// <summary>
/// Translates a parsed <see cref="SearchFilter"/> / <see cref="SearchOrder"/> list into a WHERE and ORDER BY for either
/// store; only LIKE and ILIKE differ, and the <see cref="SqlDialect"/> writes those. Every key and value becomes a
/// parameter; only the column expressions the caller maps (fixed strings) and operators enter the SQL text.
/// </summary>
/// <param name="dialect">Where the database's pattern matching differs.</param>
/// <param name="column">The SQL expression for an entity's key; it may call <see cref="Parameter"/> for the key.</param>
internal sealed class SearchSql(SqlDialect dialect, Func<SearchSql, SearchEntity, string, string> column)
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    /// <summary>The parameters the generated SQL uses.</summary>
    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>Adds a parameter and returns its name.</summary>
    public string Parameter(object? value)
    {
        var name = "@q" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>The filter's terms joined by AND, or <c>TRUE</c> for none.</summary>
    public string Where(SearchFilter filter) =>
        filter.Comparisons.Count == 0 ? "TRUE" : string.Join(" AND ", filter.Comparisons.Select(Compare));

    /// <summary>ORDER BY terms (missing values last), then the fixed <paramref name="tiebreak"/> for stable pages.</summary>
    /// <param name="orders">The terms asked for.</param>
    /// <param name="tiebreak">SQL ordering that makes the order total.</param>
    /// <param name="neverNull">Terms whose value cannot be missing get no nulls-last term, so an index on them can give the order.</param>
    public string OrderBy(IReadOnlyList<SearchOrder> orders, string tiebreak, Func<SearchEntity, string, bool>? neverNull = null)
    {
        var terms = new List<string>();
        foreach (var order in orders)
        {
            var expr = column(this, order.Entity, order.Key);
            if (neverNull?.Invoke(order.Entity, order.Key) != true)
            {
                terms.Add($"({expr}) IS NULL");
            }
            terms.Add($"{expr} {(order.Descending ? "DESC" : "ASC")}");
        }
        terms.Add(tiebreak);
        return string.Join(", ", terms);
    }

    private string Compare(SearchComparison comparison)
    {
        var expr = column(this, comparison.Entity, comparison.Key);
        var values = comparison.Values;
        return comparison.Operator switch
        {
            SearchOperator.Equal => $"{expr} = {Parameter(values[0])}",
            SearchOperator.NotEqual => $"{expr} != {Parameter(values[0])}",
            SearchOperator.Less => $"{expr} < {Parameter(values[0])}",
            SearchOperator.LessOrEqual => $"{expr} <= {Parameter(values[0])}",
            SearchOperator.Greater => $"{expr} > {Parameter(values[0])}",
            SearchOperator.GreaterOrEqual => $"{expr} >= {Parameter(values[0])}",
            SearchOperator.Like => dialect.Like(expr, (string)values[0], Parameter),
            SearchOperator.ILike => dialect.ILike(expr, (string)values[0], Parameter),
            SearchOperator.In => $"{expr} IN ({string.Join(", ", values.Select(Parameter))})",
            SearchOperator.NotIn => $"{expr} NOT IN ({string.Join(", ", values.Select(Parameter))})",
            _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
        };
    }
}
