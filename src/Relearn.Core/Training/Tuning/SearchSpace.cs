namespace Relearn.Core.Training.Tuning;

/// <summary>The hyperparameters a study searches, in a fixed order.</summary>
public sealed class SearchSpace
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a space; throws a one-line error for an empty space, a duplicate name or an unusable range.</summary>
    public SearchSpace(IReadOnlyList<SearchParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw RelearnException.Invalid("a search space needs at least one parameter");
        }
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (string.IsNullOrWhiteSpace(parameter.Name))
            {
                throw RelearnException.Invalid("every search parameter needs a name");
            }
            parameter.Validate();
            if (!_index.TryAdd(parameter.Name, i))
            {
                throw RelearnException.Invalid($"search parameter '{parameter.Name}' is defined twice");
            }
        }
        Parameters = [.. parameters];
    }

    /// <summary>The parameters, in the order trials encode them.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The position of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public int IndexOf(string name) =>
        _index.TryGetValue(name, out var i) ? i : throw new KeyNotFoundException($"the search space has no parameter '{name}'");
}
