namespace Relearn.GitHub.Tasks.ReviewAssist.Comments;

/// <summary>How retrieved comments are ranked.</summary>
/// <param name="Candidates">How many nearest hunks' comments are considered.</param>
/// <param name="Consensus">Weight (0..1) of agreement with the other candidates against the candidate's own similarity.</param>
/// <param name="OtherLanguage">Similarity factor for a past hunk in another known language (1 = language ignored).</param>
public sealed record CommentRanking(int Candidates = 10, double Consensus = 0.5, double OtherLanguage = 0.5)
{
    /// <summary>Plain nearest-neighbour retrieval: the most similar past hunk's comment, nothing else considered.</summary>
    public static readonly CommentRanking Nearest = new(1, 0, 1);
}
