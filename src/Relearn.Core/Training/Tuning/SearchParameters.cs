using System.Globalization;

namespace Relearn.Core.Training.Tuning;

/// <summary>
/// One hyperparameter of a <see cref="SearchSpace"/>. A trial holds each value encoded as a double: the value itself
/// for float and int parameters, the index of the choice for categorical ones.
/// </summary>
/// <param name="Name">The parameter name, unique within its space.</param>
public abstract record SearchParameter(string Name)
{
    /// <summary>Throws a one-line error when the definition cannot be searched.</summary>
    internal abstract void Validate();

    /// <summary>Whether <paramref name="encoded"/> is a value this parameter can take.</summary>
    internal abstract bool Accepts(double encoded);

    /// <summary>The encoded value as an invariant string, for run parameters.</summary>
    internal abstract string Format(double encoded);

    private protected RelearnException Invalid(string problem) => RelearnException.Invalid($"search parameter '{Name}': {problem}");
}

/// <summary>A real-valued parameter in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Low">Smallest value.</param>
/// <param name="High">Largest value, above <paramref name="Low"/>.</param>
/// <param name="Log">Search uniformly in log space (for rates and regularization strengths); needs <paramref name="Low"/> &gt; 0.</param>
public sealed record FloatParameter(string Name, double Low, double High, bool Log = false) : SearchParameter(Name)
{
    internal override void Validate()
    {
        if (!double.IsFinite(Low) || !double.IsFinite(High) || Low >= High)
        {
            throw Invalid("low must be a finite number below high");
        }
        if (Log && Low <= 0)
        {
            throw Invalid("a log-scale range must be above 0");
        }
    }

    internal override bool Accepts(double encoded) => encoded >= Low && encoded <= High;

    internal override string Format(double encoded) => encoded.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>An integer parameter in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Low">Smallest value.</param>
/// <param name="High">Largest value, above <paramref name="Low"/>.</param>
/// <param name="Log">Search in log space (for counts like leaves or layers); needs <paramref name="Low"/> &gt;= 1.</param>
public sealed record IntParameter(string Name, int Low, int High, bool Log = false) : SearchParameter(Name)
{
    internal override void Validate()
    {
        if (Low >= High)
        {
            throw Invalid("low must be below high");
        }
        if (Log && Low < 1)
        {
            throw Invalid("a log-scale range must start at 1 or more");
        }
    }

    internal override bool Accepts(double encoded) => encoded >= Low && encoded <= High && encoded == Math.Floor(encoded);

    internal override string Format(double encoded) => ((int)encoded).ToString(CultureInfo.InvariantCulture);
}

/// <summary>A parameter that takes one of a fixed list of names.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Choices">The distinct choices, at least one.</param>
public sealed record CategoricalParameter(string Name, IReadOnlyList<string> Choices) : SearchParameter(Name)
{
    internal override void Validate()
    {
        if (Choices.Count == 0 || Choices.Any(string.IsNullOrEmpty))
        {
            throw Invalid("needs at least one non-empty choice");
        }
        if (Choices.Distinct(StringComparer.Ordinal).Count() != Choices.Count)
        {
            throw Invalid("choices must be distinct");
        }
    }

    internal override bool Accepts(double encoded) => encoded >= 0 && encoded < Choices.Count && encoded == Math.Floor(encoded);

    internal override string Format(double encoded) => Choices[(int)encoded];
}
