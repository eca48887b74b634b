namespace Relearn.Core.Tracking.Search;

/// <summary>
/// What a search runs over: which entities and attributes a filter may name, and which attributes are numbers
/// (compared with &lt; and &gt;) rather than strings (compared with LIKE).
/// </summary>
public sealed class SearchScope
{
    private SearchScope(string what, IReadOnlySet<SearchEntity> entities, IReadOnlySet<string> stringAttributes, IReadOnlySet<string> numberAttributes)
    {
        What = what;
        Entities = entities;
        StringAttributes = stringAttributes;
        NumberAttributes = numberAttributes;
    }

    /// <summary>Runs: metrics, params, tags and the run attributes.</summary>
    public static SearchScope Runs { get; } = new("runs",
        new HashSet<SearchEntity> { SearchEntity.Metric, SearchEntity.Param, SearchEntity.Tag, SearchEntity.Attribute },
        new HashSet<string>(StringComparer.Ordinal) { "status", "run_name", "run_id", "lifecycle_stage" },
        new HashSet<string>(StringComparer.Ordinal) { "start_time", "end_time" });

    /// <summary>Experiments: tags and name/time attributes.</summary>
    public static SearchScope Experiments { get; } = new("experiments",
        new HashSet<SearchEntity> { SearchEntity.Tag, SearchEntity.Attribute },
        new HashSet<string>(StringComparer.Ordinal) { "name" },
        new HashSet<string>(StringComparer.Ordinal) { "creation_time", "last_update_time", "experiment_id" });

    /// <summary>Registered models: the name.</summary>
    public static SearchScope RegisteredModels { get; } = new("registered models",
        new HashSet<SearchEntity> { SearchEntity.Attribute },
        new HashSet<string>(StringComparer.Ordinal) { "name" },
        new HashSet<string>(StringComparer.Ordinal) { "creation_timestamp", "last_updated_timestamp" });

    /// <summary>Model versions: model name, run id, source.</summary>
    public static SearchScope ModelVersions { get; } = new("model versions",
        new HashSet<SearchEntity> { SearchEntity.Attribute },
        new HashSet<string>(StringComparer.Ordinal) { "name", "run_id", "source" },
        new HashSet<string>(StringComparer.Ordinal) { "version_number", "creation_timestamp" });

    /// <summary>For messages: "runs", "experiments", ...</summary>
    public string What { get; }

    /// <summary>Entities a term may name.</summary>
    public IReadOnlySet<SearchEntity> Entities { get; }

    /// <summary>String-valued attributes.</summary>
    public IReadOnlySet<string> StringAttributes { get; }

    /// <summary>Number-valued attributes.</summary>
    public IReadOnlySet<string> NumberAttributes { get; }

    /// <summary>Whether a key of an entity holds numbers (metrics and numeric attributes).</summary>
    public bool IsNumeric(SearchEntity entity, string key) =>
        entity == SearchEntity.Metric || (entity == SearchEntity.Attribute && NumberAttributes.Contains(key));
}
