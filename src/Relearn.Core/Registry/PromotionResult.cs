namespace Relearn.Core.Registry;

/// <summary>The outcome of a promotion: promoted, or refused because the challenger scored worse.</summary>
/// <param name="Promoted">True when the alias moved.</param>
/// <param name="Model">Model name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Challenger">The version asked for.</param>
/// <param name="Champion">The version the alias held before, if any.</param>
/// <param name="Metric">The compared metric.</param>
/// <param name="ChallengerScore">Challenger's score on the evaluation data (null when there was no champion to compare).</param>
/// <param name="ChampionScore">Champion's score on the same data.</param>
/// <param name="Reason">One line for people.</param>
public sealed record PromotionResult(bool Promoted, string Model, string Alias, int Challenger, int? Champion, string Metric,
    double? ChallengerScore, double? ChampionScore, string Reason);
