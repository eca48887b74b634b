namespace Relearn.Core.Registry;

/// <summary>The outcome of a promotion: promoted, already in place, or refused (see <see cref="Refusal"/>).</summary>
/// <param name="Promoted">True when the alias moved.</param>
/// <param name="Model">Model name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Challenger">The version asked for.</param>
/// <param name="Champion">The version the alias held before, if any.</param>
/// <param name="Metric">The task's primary metric; null when relearn cannot score the version (nothing was or could be compared).</param>
/// <param name="ChallengerScore">Challenger's score on the evaluation data (null when there was no champion to compare).</param>
/// <param name="ChampionScore">Champion's score on the same data.</param>
/// <param name="Reason">One line for people, free of any front end's syntax: the CLI and HTTP API add how to force it.</param>
/// <param name="Refusal">Why a guarded promotion was refused; null when the alias moved or already held the version.</param>
public sealed record PromotionResult(bool Promoted, string Model, string Alias, int Challenger, int? Champion, string? Metric,
    double? ChallengerScore, double? ChampionScore, string Reason, PromotionRefusal? Refusal = null);

/// <summary>Why a guarded promotion left the alias where it was; forcing the promotion moves it without evaluation.</summary>
public enum PromotionRefusal
{
    /// <summary>The challenger scored worse than the alias holder on the same data.</summary>
    ScoresWorse,

    /// <summary>The challenger or the holder is not a model relearn can load and score (e.g. registered from a source URI).</summary>
    CannotScore,

    /// <summary>The challenger's ML Test Score is below the <c>min_test_score</c> the promotion asked for.</summary>
    BelowTestScore,
}
