namespace Relearn.Core.Training.Tuning;

/// <summary>The hyperparameter values of one trial, read by name with a typed getter.</summary>
public sealed class TrialParams
{
    /// <summary>
    /// Wraps encoded values: one per parameter of <paramref name="space"/>, in its order; the value itself for float
    /// and int parameters, the choice index for categorical ones.
    /// </summary>
    /// <exception cref="ArgumentException">A value is missing, out of range, or not whole where it must be.</exception>
    public TrialParams(SearchSpace space, IReadOnlyList<double> encoded)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Count != space.Parameters.Count)
        {
            throw new ArgumentException($"expected {space.Parameters.Count} values, got {encoded.Count}", nameof(encoded));
        }
        for (var i = 0; i < encoded.Count; i++)
        {
            if (!space.Parameters[i].Accepts(encoded[i]))
            {
                throw new ArgumentException($"{encoded[i]} is not a value of '{space.Parameters[i].Name}'", nameof(encoded));
            }
        }
        Space = space;
        Encoded = [.. encoded];
    }

    /// <summary>The space the values belong to.</summary>
    public SearchSpace Space { get; }

    /// <summary>The encoded values, in the order of <see cref="SearchSpace.Parameters"/>.</summary>
    public IReadOnlyList<double> Encoded { get; }

    /// <summary>The value of a float parameter (an int parameter's value widens).</summary>
    public double GetDouble(string name)
    {
        var i = Space.IndexOf(name);
        return Space.Parameters[i] is CategoricalParameter ? throw WrongType(name, "categorical", nameof(GetString)) : Encoded[i];
    }

    /// <summary>The value of an int parameter.</summary>
    public int GetInt(string name)
    {
        var i = Space.IndexOf(name);
        return Space.Parameters[i] switch
        {
            IntParameter => (int)Encoded[i],
            CategoricalParameter => throw WrongType(name, "categorical", nameof(GetString)),
            _ => throw WrongType(name, "float", nameof(GetDouble)),
        };
    }

    /// <summary>The chosen name of a categorical parameter.</summary>
    public string GetString(string name)
    {
        var i = Space.IndexOf(name);
        return Space.Parameters[i] is CategoricalParameter categorical
            ? categorical.Choices[(int)Encoded[i]]
            : throw WrongType(name, "numeric", nameof(GetDouble));
    }

    /// <summary>The values as invariant strings, for logging as run parameters.</summary>
    public IReadOnlyDictionary<string, string> ToParams() =>
        Space.Parameters.Select((p, i) => (p.Name, Value: p.Format(Encoded[i]))).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary><c>name=value</c> pairs in space order.</summary>
    public override string ToString() => string.Join(", ", Space.Parameters.Select((p, i) => $"{p.Name}={p.Format(Encoded[i])}"));

    private static InvalidOperationException WrongType(string name, string kind, string getter) =>
        new($"'{name}' is a {kind} parameter; read it with {getter}");
}
