namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// <c>min_value</c>/<c>max_value</c> with <c>strict_min</c>/<c>strict_max</c>, as GE checks them: a missing bound is
/// open; inclusive unless strict.
/// </summary>
internal sealed record Bounds(double? Min, double? Max, bool StrictMin, bool StrictMax)
{
    public static Bounds Of(ExpectationConfiguration c) =>
        new(c.Number("min_value"), c.Number("max_value"), c.Flag("strict_min", false), c.Flag("strict_max", false));

    public bool Contains(double value) =>
        (Min is not { } min || (StrictMin ? value > min : value >= min)) && (Max is not { } max || (StrictMax ? value < max : value <= max));
}
