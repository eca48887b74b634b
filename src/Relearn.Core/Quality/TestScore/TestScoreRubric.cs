namespace Relearn.Core.Quality.TestScore;

/// <summary>One test of the rubric.</summary>
/// <param name="Id">Stable id: <c>data-1</c> … <c>monitor-7</c>.</param>
/// <param name="Section">data, model, infrastructure or monitoring.</param>
/// <param name="Name">The paper's heading.</param>
public sealed record RubricTest(string Id, string Section, string Name);

/// <summary>
/// The 28 tests of Breck, Cai, Nielsen, Salib and Sculley, "The ML Test Score: A Rubric for ML Production Readiness and
/// Technical Debt Reduction", IEEE Big Data 2017 — 7 per section, named as the paper's headings (Data 1 … Monitor 7).
/// </summary>
public static class TestScoreRubric
{
    /// <summary>The most a section total, and so the score, can reach: all 7 of its tests automated.</summary>
    public const int MaxSectionTotal = 7;

    /// <summary>Section names, in the paper's order.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["data", "model", "infrastructure", "monitoring"];

    /// <summary>All 28 tests.</summary>
    public static IReadOnlyList<RubricTest> Tests { get; } =
    [
        new("data-1", "data", "Feature expectations are captured in a schema"),
        new("data-2", "data", "All features are beneficial"),
        new("data-3", "data", "No feature's cost is too much"),
        new("data-4", "data", "Features adhere to meta-level requirements"),
        new("data-5", "data", "The data pipeline has appropriate privacy controls"),
        new("data-6", "data", "New features can be added quickly"),
        new("data-7", "data", "All input feature code is tested"),
        new("model-1", "model", "Every model specification undergoes a code review and is checked in to a repository"),
        new("model-2", "model", "Offline proxy metrics correlate with actual online impact metrics"),
        new("model-3", "model", "All hyperparameters have been tuned"),
        new("model-4", "model", "The impact of model staleness is known"),
        new("model-5", "model", "A simpler model is not better"),
        new("model-6", "model", "Model quality is sufficient on all important data slices"),
        new("model-7", "model", "The model has been tested for considerations of inclusion"),
        new("infra-1", "infrastructure", "Training is reproducible"),
        new("infra-2", "infrastructure", "Model specification code is unit tested"),
        new("infra-3", "infrastructure", "The full ML pipeline is integration tested"),
        new("infra-4", "infrastructure", "Model quality is validated before attempting to serve it"),
        new("infra-5", "infrastructure", "The model allows debugging by observing the step-by-step computation of training or inference on a single example"),
        new("infra-6", "infrastructure", "Models are tested via a canary process before they enter production serving environments"),
        new("infra-7", "infrastructure", "Models can be quickly and safely rolled back to a previous serving version"),
        new("monitor-1", "monitoring", "Dependency changes result in notification"),
        new("monitor-2", "monitoring", "Data invariants hold in training and serving inputs"),
        new("monitor-3", "monitoring", "Training and serving features compute the same values"),
        new("monitor-4", "monitoring", "Models are not too stale"),
        new("monitor-5", "monitoring", "The model is numerically stable"),
        new("monitor-6", "monitoring", "The model has not experienced a dramatic or slow-leak regression in training speed, serving latency, throughput, or RAM usage"),
        new("monitor-7", "monitoring", "The model has not experienced a regression in prediction quality on served data"),
    ];

    /// <summary>The ids among <paramref name="ids"/> that are not tests of the rubric.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> ids) => ids.Where(id => Tests.All(t => t.Id != id)).Distinct().ToList();
}
