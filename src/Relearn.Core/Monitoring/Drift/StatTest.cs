namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// A drift test by name with its default threshold and the side of the threshold that means drift, as Evidently
/// registers them (<c>evidently/calculations/stattests/*.py</c>).
/// </summary>
/// <param name="Name">The name used in JSON and in <c>--stattest COL=NAME</c>.</param>
/// <param name="DefaultThreshold">Evidently's default threshold.</param>
/// <param name="Score">What the threshold applies to.</param>
/// <param name="Kinds">The column kinds the test applies to.</param>
public sealed record StatTest(string Name, double DefaultThreshold, StatTestScore Score, ColumnKind[] Kinds)
{
    /// <summary>Two-sample Kolmogorov–Smirnov; drift when p ≤ threshold.</summary>
    public static readonly StatTest Ks = new("ks", 0.05, StatTestScore.PValueAtMost, [ColumnKind.Num]);
    /// <summary>Chi-square against reference shares; drift when p &lt; threshold.</summary>
    public static readonly StatTest ChiSquare = new("chisquare", 0.05, StatTestScore.PValueBelow, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Two-proportion Z-test; drift when p &lt; threshold.</summary>
    public static readonly StatTest Z = new("z", 0.05, StatTestScore.PValueBelow, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Wasserstein distance normed by the reference std; drift when ≥ threshold.</summary>
    public static readonly StatTest Wasserstein = new("wasserstein", 0.1, StatTestScore.DistanceAtLeast, [ColumnKind.Num]);
    /// <summary>Jensen–Shannon distance (base 2) of binned shares; drift when ≥ threshold.</summary>
    public static readonly StatTest JensenShannon = new("jensenshannon", 0.1, StatTestScore.DistanceAtLeast, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Population stability index of binned shares; drift when ≥ threshold.</summary>
    public static readonly StatTest Psi = new("psi", 0.1, StatTestScore.DistanceAtLeast, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Kullback–Leibler divergence of binned shares; drift when ≥ threshold.</summary>
    public static readonly StatTest KlDiv = new("kl_div", 0.1, StatTestScore.DistanceAtLeast, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Hellinger distance; drift when ≥ threshold.</summary>
    public static readonly StatTest Hellinger = new("hellinger", 0.1, StatTestScore.DistanceAtLeast, [ColumnKind.Cat, ColumnKind.Num]);
    /// <summary>Domain classifier ROC AUC against the 95th percentile of random classifiers (reference ≤ 1000 rows).</summary>
    public static readonly StatTest TextContent = new("text_content_drift", 0.05, StatTestScore.AucAbove, [ColumnKind.Text]);
    /// <summary>Domain classifier ROC AUC against a fixed threshold (reference &gt; 1000 rows); drift when AUC &gt; 0.55.</summary>
    public static readonly StatTest AbsTextContent = new("abs_text_content_drift", 0.55, StatTestScore.AucAbove, [ColumnKind.Text]);

    /// <summary>Every test by name.</summary>
    public static readonly IReadOnlyDictionary<string, StatTest> All =
        new[] { Ks, ChiSquare, Z, Wasserstein, JensenShannon, Psi, KlDiv, Hellinger, TextContent, AbsTextContent }
            .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>
    /// Evidently's <c>_get_default_stattest</c> (<c>evidently/calculations/stattests/registry.py</c>): by reference
    /// size, column kind and the number of distinct values in both samples together.
    /// </summary>
    public static StatTest Default(ColumnKind kind, long referenceRows, long distinctValues) => kind switch
    {
        ColumnKind.Text => referenceRows > 1000 ? AbsTextContent : TextContent,
        _ when referenceRows <= 1000 && kind == ColumnKind.Num && distinctValues > 5 => Ks,
        _ when referenceRows <= 1000 => distinctValues > 2 ? ChiSquare : Z,
        ColumnKind.Num when distinctValues > 5 => Wasserstein,
        _ => JensenShannon,
    };

    /// <summary>Whether a score crosses the threshold in this test's direction.</summary>
    public bool Drifted(double score, double threshold) => Score switch
    {
        StatTestScore.PValueAtMost => score <= threshold,
        StatTestScore.PValueBelow => score < threshold,
        StatTestScore.AucAbove => score > threshold,
        _ => score >= threshold,
    };
}

/// <summary>What a test's threshold is compared with.</summary>
public enum StatTestScore
{
    /// <summary>A p-value; drift when at most the threshold (Evidently's <c>ks</c>).</summary>
    PValueAtMost,
    /// <summary>A p-value; drift when below the threshold.</summary>
    PValueBelow,
    /// <summary>A distance; drift when at least the threshold.</summary>
    DistanceAtLeast,
    /// <summary>A ROC AUC; drift when above the threshold.</summary>
    AucAbove,
}
