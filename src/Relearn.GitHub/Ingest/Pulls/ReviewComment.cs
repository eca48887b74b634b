using System.Text.Json;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>A changed file of a pull request: its path and patch (null for binary or too-large files).</summary>
internal sealed record PullFile(string Path, string? Patch);

/// <summary>The fields of a review comment (<c>GET .../pulls/{n}/comments</c>) the silver table keeps.</summary>
internal sealed record ReviewComment(
    long Id, string Path, long? Line, long? OriginalLine, long? StartLine, string? Side, string? DiffHunk, string? CommitId, string? OriginalCommitId,
    long? InReplyTo, string Body, string? Author, string? CreatedAt, string? UpdatedAt, string? SubjectType)
{
    /// <summary>The comment, or null when it has no id, path or body.</summary>
    public static ReviewComment? Read(JsonElement item)
    {
        if (ArrayPage.Number(item, "id") is not { } id || ArrayPage.Text(item, "path") is not { } path || ArrayPage.Text(item, "body") is not { } body)
        {
            return null;
        }
        var author = item.TryGetProperty("user", out var user) ? ArrayPage.Text(user, "login") : null;
        return new ReviewComment(id, path, ArrayPage.Number(item, "line"), ArrayPage.Number(item, "original_line"), ArrayPage.Number(item, "start_line"),
            ArrayPage.Text(item, "side"), ArrayPage.Text(item, "diff_hunk"), ArrayPage.Text(item, "commit_id"), ArrayPage.Text(item, "original_commit_id"),
            ArrayPage.Number(item, "in_reply_to_id"), body, author, ArrayPage.Text(item, "created_at"), ArrayPage.Text(item, "updated_at"),
            ArrayPage.Text(item, "subject_type"));
    }
}
