using System.Globalization;
using Relearn.Core.Training.Tuning;

namespace Relearn.GitHub.Tasks.ReviewAssist.Location;

/// <summary>Settings of the location model's logistic regression; TPE searches them.</summary>
public sealed record LocationParameters
{
    /// <summary>L2 penalty on the weights.</summary>
    public double L2 { get; init; } = 0.05;

    /// <summary>Scale of the word features against the standardized dense ones (0 = words off).</summary>
    public double TokenWeight { get; init; } = 0.3;

    /// <summary>Whether words of removed lines are features too.</summary>
    public bool RemovedTokens { get; init; } = true;

    /// <summary>Full-batch gradient steps.</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Step size.</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>What TPE searches.</summary>
    public static readonly SearchSpace Space = new(
    [
        new FloatParameter("l2", 0.001, 1.0, Log: true),
        new FloatParameter("token_weight", 0.01, 1.0, Log: true),
        new CategoricalParameter("removed_tokens", ["true", "false"]),
        new IntParameter("iterations", 30, 400, Log: true),
        new FloatParameter("learning_rate", 0.03, 1.0, Log: true),
    ]);

    /// <summary>The settings a trial sampled.</summary>
    public static LocationParameters From(TrialParams p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new()
        {
            L2 = p.GetDouble("l2"),
            TokenWeight = p.GetDouble("token_weight"),
            RemovedTokens = p.GetString("removed_tokens") == "true",
            Iterations = p.GetInt("iterations"),
            LearningRate = p.GetDouble("learning_rate"),
        };
    }

    /// <summary>As tracking params.</summary>
    public IReadOnlyDictionary<string, string> ToParams() => new Dictionary<string, string>
    {
        ["l2"] = L2.ToString("R", CultureInfo.InvariantCulture),
        ["token_weight"] = TokenWeight.ToString("R", CultureInfo.InvariantCulture),
        ["removed_tokens"] = RemovedTokens ? "true" : "false",
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
    };
}
