namespace Relearn.Core.Tracking.Search;

/// <summary>What a filter or order term names: a run's latest metric, a param, a tag, or a built-in attribute.</summary>
public enum SearchEntity
{
    /// <summary><c>metrics.key</c>: the latest value of a metric (highest step, then newest).</summary>
    Metric,
    /// <summary><c>params.key</c>.</summary>
    Param,
    /// <summary><c>tags.key</c>.</summary>
    Tag,
    /// <summary><c>attributes.name</c> or a bare name: a column such as <c>status</c> or <c>start_time</c>.</summary>
    Attribute,
}

/// <summary>A comparison operator of MLflow's filter syntax.</summary>
public enum SearchOperator
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c> (or <c>&lt;&gt;</c>)</summary>
    NotEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>LIKE</c>: case-sensitive, <c>%</c> and <c>_</c> wildcards.</summary>
    Like,
    /// <summary><c>ILIKE</c>: case-insensitive LIKE.</summary>
    ILike,
    /// <summary><c>IN (...)</c></summary>
    In,
    /// <summary><c>NOT IN (...)</c></summary>
    NotIn,
}

/// <summary>One <c>key op value</c> term; <paramref name="Values"/> hold strings or doubles (several only for IN).</summary>
/// <param name="Entity">What the key names.</param>
/// <param name="Key">The metric, param or tag key, or the attribute name.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Values">The literal(s): <see cref="string"/> or <see cref="double"/>.</param>
/// <param name="Position">Character offset of the term in the filter text, for error messages.</param>
public sealed record SearchComparison(SearchEntity Entity, string Key, SearchOperator Operator, IReadOnlyList<object> Values, int Position);

/// <summary>A parsed filter: terms joined by AND (MLflow has no OR). Empty matches everything.</summary>
public sealed record SearchFilter(IReadOnlyList<SearchComparison> Comparisons)
{
    /// <summary>The filter that matches everything.</summary>
    public static SearchFilter All { get; } = new([]);
}

/// <summary>One <c>order_by</c> term.</summary>
public sealed record SearchOrder(SearchEntity Entity, string Key, bool Descending);
