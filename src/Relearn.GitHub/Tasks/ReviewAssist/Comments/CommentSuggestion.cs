namespace Relearn.GitHub.Tasks.ReviewAssist.Comments;

/// <summary>A suggested review comment: its text, a score in [0, 1] (higher first) and where it came from (<c>retrieval</c> or <c>generator</c>).</summary>
public sealed record CommentSuggestion(string Body, double Score, string Source);
