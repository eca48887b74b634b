using System.Globalization;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>Hyperparameters of the issue-close model (LightGBM over the at-open features, optionally with title/body TF-IDF).</summary>
public sealed record IssueCloseParameters
{
    /// <summary>Boosting rounds.</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 16;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Fewest examples in a leaf.</summary>
    public int MinExamplesPerLeaf { get; init; } = 20;

    /// <summary>Share of features each tree sees.</summary>
    public double FeatureFraction { get; init; } = 0.8;

    /// <summary>L2 regularization of leaf values.</summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>Seed.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>As run params.</summary>
    public IReadOnlyDictionary<string, string> ToParams() => new Dictionary<string, string>
    {
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["leaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString("0.#####", CultureInfo.InvariantCulture),
        ["min_examples_per_leaf"] = MinExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        ["feature_fraction"] = FeatureFraction.ToString("0.###", CultureInfo.InvariantCulture),
        ["l2"] = L2.ToString("0.#####", CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };
}
