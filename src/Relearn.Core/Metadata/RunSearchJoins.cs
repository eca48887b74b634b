using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Metadata;

/// <summary>
/// The metric, param and tag values a run search names, as one join each (<c>j0</c>, <c>j1</c>, ...) on
/// <c>latest_metrics</c>, <c>params</c> and <c>tags</c>, instead of a correlated subquery per run. A key the filter
/// compares is an inner join (a comparison with a missing value is never true, so the rows are the same) and lets
/// the planner drive the search from that key's (key, value) index; a key only sorted on is a left join, its
/// missing values sorted last. Shared by the SQLite and PostgreSQL stores; <paramref name="parameter"/> adds a
/// bound parameter and returns its name, so keys never enter the SQL text.
/// </summary>
public sealed class RunSearchJoins(SearchFilter filter, Func<object?, string> parameter)
{
    private readonly HashSet<(SearchEntity, string)> _filtered =
        [.. filter.Comparisons.Where(c => c.Entity is not SearchEntity.Attribute).Select(c => (c.Entity, c.Key))];

    private readonly Dictionary<(SearchEntity, string), string> _aliases = [];
    private readonly List<string> _joins = [];

    /// <summary>The JOIN clauses for every value named so far.</summary>
    public string Sql => string.Join(" ", _joins);

    /// <summary>Whether a term's value is never missing in the result (its key is filtered on), so it needs no nulls-last term.</summary>
    public bool NeverNull(SearchEntity entity, string key) => _filtered.Contains((entity, key));

    /// <summary>The column holding a metric's latest value, a param or a tag of the run <c>r</c>.</summary>
    public string Value(SearchEntity entity, string key)
    {
        if (!_aliases.TryGetValue((entity, key), out var alias))
        {
            alias = "j" + _aliases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _aliases[(entity, key)] = alias;
            var table = entity switch
            {
                SearchEntity.Metric => "latest_metrics",
                SearchEntity.Param => "params",
                SearchEntity.Tag => "tags",
                _ => throw new ArgumentOutOfRangeException(nameof(entity)),
            };
            var join = NeverNull(entity, key) ? "JOIN" : "LEFT JOIN";
            _joins.Add($"{join} {table} {alias} ON {alias}.run_id = r.run_id AND {alias}.key = {parameter(key)}");
        }
        return alias + ".value";
    }
}
