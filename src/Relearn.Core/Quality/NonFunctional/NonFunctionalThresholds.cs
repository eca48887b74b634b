using System.Globalization;

namespace Relearn.Core.Quality.NonFunctional;

/// <summary>
/// Gates on the non-functional figures; an absent one does not gate. Read from step arguments or CLI options with the
/// same names: <c>max_package_mb</c>, <c>max_load_ms</c>, <c>max_p50_ms</c>, <c>max_p99_ms</c>,
/// <c>max_alloc_kb</c>, <c>min_rows_per_second</c>. Non-finite outputs always fail.
/// </summary>
/// <param name="MaxPackageMb">Largest package, MiB.</param>
/// <param name="MaxLoadMs">Slowest load, ms.</param>
/// <param name="MaxP50Ms">Slowest median single prediction, ms.</param>
/// <param name="MaxP99Ms">Slowest 99th percentile single prediction, ms.</param>
/// <param name="MaxAllocKb">Most KiB allocated per single prediction.</param>
/// <param name="MinRowsPerSecond">Least batch throughput, rows/s.</param>
public sealed record NonFunctionalThresholds(double? MaxPackageMb = null, double? MaxLoadMs = null, double? MaxP50Ms = null, double? MaxP99Ms = null,
    double? MaxAllocKb = null, double? MinRowsPerSecond = null)
{
    /// <summary>The argument names <see cref="Read"/> understands.</summary>
    public static IReadOnlyList<string> Names { get; } = ["max_package_mb", "max_load_ms", "max_p50_ms", "max_p99_ms", "max_alloc_kb", "min_rows_per_second"];

    /// <summary>Reads the gates from arguments; a value that is not a non-negative number is a one-line error naming it.</summary>
    public static NonFunctionalThresholds Read(Func<string, string?> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return new(Number(argument, "max_package_mb"), Number(argument, "max_load_ms"), Number(argument, "max_p50_ms"), Number(argument, "max_p99_ms"),
            Number(argument, "max_alloc_kb"), Number(argument, "min_rows_per_second"));
    }

    private static double? Number(Func<string, string?> argument, string name) =>
        argument(name) is not { Length: > 0 } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value) ? value
        : throw RelearnException.Invalid($"{name} '{text}' is not a non-negative number");
}
