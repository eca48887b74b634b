using System.Globalization;
using Relearn.Core;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>Settings of a review-assist training.</summary>
public sealed record ReviewAssistTrainingOptions
{
    /// <summary>TPE trials over the location model's settings.</summary>
    public int Trials { get; init; } = 30;

    /// <summary>Trials run at once.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed of the folds and the sampler.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Cross-validation folds over the labelled training hunks.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Cross-validation repeats (each with its own shuffle) averaged per trial.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Share held out for evaluation when no evaluation files are given.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>How suggestions are ranked.</summary>
    public CommentRanking Ranking { get; init; } = new();

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (Trials < 1 || Parallelism < 1 || Folds < 2 || Repeats < 1 || TestFraction is <= 0 or >= 1)
        {
            throw RelearnException.Invalid("trials, parallelism and repeats must be at least 1, folds at least 2, test fraction between 0 and 1");
        }
    }

    /// <summary>As tracking params.</summary>
    public IReadOnlyDictionary<string, string> ToParams() => new Dictionary<string, string>
    {
        ["trials"] = Trials.ToString(CultureInfo.InvariantCulture),
        ["parallelism"] = Parallelism.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["folds"] = Folds.ToString(CultureInfo.InvariantCulture),
        ["repeats"] = Repeats.ToString(CultureInfo.InvariantCulture),
        ["ranking.candidates"] = Ranking.Candidates.ToString(CultureInfo.InvariantCulture),
        ["ranking.consensus"] = Ranking.Consensus.ToString("R", CultureInfo.InvariantCulture),
        ["ranking.other_language"] = Ranking.OtherLanguage.ToString("R", CultureInfo.InvariantCulture),
    };
}
