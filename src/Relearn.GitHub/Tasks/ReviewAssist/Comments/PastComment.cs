namespace Relearn.GitHub.Tasks.ReviewAssist.Comments;

/// <summary>What a reviewer said on a past hunk: the hunk's code words (space-joined), the comment and the language.</summary>
public sealed record PastComment(string Tokens, string Body, string Language);
