namespace Relearn.Core.Training.Tuning;

/// <summary>Whether a study looks for the lowest or the highest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Lower is better (losses, error rates).</summary>
    Minimize,
    /// <summary>Higher is better (accuracy, AUC).</summary>
    Maximize,
}
