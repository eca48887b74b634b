namespace Relearn.Core.Training.Tuning;

/// <summary>What a finished study found.</summary>
/// <param name="Direction">Whether lower or higher objective values were better.</param>
/// <param name="BestTrial">The complete trial with the best value (the lowest number among ties).</param>
/// <param name="Trials">Every trial, complete, pruned or failed, by number.</param>
public sealed record StudyResult(StudyDirection Direction, TrialResult BestTrial, IReadOnlyList<TrialResult> Trials);
