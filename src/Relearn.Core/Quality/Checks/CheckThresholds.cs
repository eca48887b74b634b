using System.Globalization;

namespace Relearn.Core.Quality.Checks;

/// <summary>
/// The least pass rate each kind of behavioural test must reach (CheckList reports failure rates; a gate needs a bar):
/// 0.8 for MFT, INV and DIR by default, 1 for LEAK (a leak is never tolerated).
/// </summary>
/// <param name="Mft">MFT bar.</param>
/// <param name="Inv">INV bar.</param>
/// <param name="Dir">DIR bar.</param>
/// <param name="Leak">LEAK bar.</param>
public sealed record CheckThresholds(double Mft = 0.8, double Inv = 0.8, double Dir = 0.8, double Leak = 1.0)
{
    /// <summary>The defaults.</summary>
    public static CheckThresholds Default { get; } = new();

    /// <summary>The bar for <paramref name="kind"/>.</summary>
    public double For(CheckKind kind) => kind switch
    {
        CheckKind.Mft => Mft,
        CheckKind.Inv => Inv,
        CheckKind.Dir => Dir,
        CheckKind.Leak => Leak,
        _ => 1.0,
    };

    /// <summary>
    /// Reads <c>min_pass_rate</c> (every kind) and <c>min_pass_rate_mft|inv|dir|leak</c> (one kind) from arguments; a
    /// value outside 0..1 or not a number is a one-line error naming it.
    /// </summary>
    public static CheckThresholds Read(Func<string, string?> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var all = Rate(argument, "min_pass_rate");
        return new CheckThresholds(
            Rate(argument, "min_pass_rate_mft") ?? all ?? Default.Mft,
            Rate(argument, "min_pass_rate_inv") ?? all ?? Default.Inv,
            Rate(argument, "min_pass_rate_dir") ?? all ?? Default.Dir,
            Rate(argument, "min_pass_rate_leak") ?? Default.Leak);
    }

    /// <summary>The argument names <see cref="Read"/> understands.</summary>
    public static IReadOnlyList<string> Names { get; } = ["min_pass_rate", "min_pass_rate_mft", "min_pass_rate_inv", "min_pass_rate_dir", "min_pass_rate_leak"];

    private static double? Rate(Func<string, string?> argument, string name) =>
        argument(name) is not { Length: > 0 } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value
        : throw RelearnException.Invalid($"{name} '{text}' is not a pass rate between 0 and 1");
}
