using System.ComponentModel.DataAnnotations;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>Limits of review-assist scoring (<c>Relearn:ReviewAssist</c>).</summary>
public sealed class ReviewAssistOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Relearn:ReviewAssist";

    /// <summary>Largest patch or diff scored, in UTF-16 characters; larger ones are refused with the reason.</summary>
    [Range(1, int.MaxValue)]
    public int MaxDiffChars { get; set; } = 1_000_000;

    /// <summary>Most comments returned for one diff (the highest-scored).</summary>
    [Range(1, 1000)]
    public int MaxComments { get; set; } = 20;

    /// <summary>Suggestions returned for one hunk.</summary>
    [Range(1, 20)]
    public int Suggestions { get; set; } = 3;
}
