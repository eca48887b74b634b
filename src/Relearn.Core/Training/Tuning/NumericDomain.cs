namespace Relearn.Core.Training.Tuning;

/// <summary>
/// A float or int parameter as the samplers see it, in Optuna's representation: an int's range widened by half a
/// step on each side so every value owns a cell of width 1; log parameters (and their cells) in log space.
/// </summary>
/// <param name="Low">Lower edge of the sampling range (transformed).</param>
/// <param name="High">Upper edge of the sampling range (transformed).</param>
/// <param name="Step">1 for ints (the width of a value's cell before any log), 0 for floats.</param>
/// <param name="Log">Whether the sampling space is the log of the value.</param>
/// <param name="Parameter">The parameter.</param>
internal readonly record struct NumericDomain(double Low, double High, double Step, bool Log, SearchParameter Parameter)
{
    public static NumericDomain Of(SearchParameter parameter) => parameter switch
    {
        FloatParameter f => new(Scale(f.Low, f.Log), Scale(f.High, f.Log), 0, f.Log, f),
        IntParameter i => new(Scale(i.Low - 0.5, i.Log), Scale(i.High + 0.5, i.Log), 1, i.Log, i),
        _ => throw new ArgumentException($"'{parameter.Name}' is not numeric", nameof(parameter)),
    };

    /// <summary>Encoded trial value to the sampling space.</summary>
    public double Transform(double encoded) => Scale(encoded, Log);

    /// <summary>The cell of an int value in the sampling space.</summary>
    public (double Low, double High) Cell(double encoded) => (Transform(encoded - Step / 2), Transform(encoded + Step / 2));

    /// <summary>A point of the sampling space to an encoded value inside the parameter's bounds (ints rounded).</summary>
    public double Untransform(double x)
    {
        var value = Log ? Math.Exp(x) : x;
        return Parameter switch
        {
            FloatParameter f => Math.Clamp(value, f.Low, f.High),
            IntParameter i => Math.Clamp(i.Low + Math.Round(value - i.Low), i.Low, i.High),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>A uniform draw over the sampling space; exactly uniform over the values for non-log ints.</summary>
    public double SampleUniform(Random random) => Parameter is IntParameter { Log: false } i
        ? i.Low + random.NextInt64((long)i.High - i.Low + 1)
        : Untransform(Low + random.NextDouble() * (High - Low));

    private static double Scale(double value, bool log) => log ? Math.Log(value) : value;
}
