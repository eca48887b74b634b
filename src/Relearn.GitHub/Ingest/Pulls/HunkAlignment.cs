using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>
/// Maps each review comment of a pull request to the hunk and line of its file's patch it sits on, as GitHub anchors it:
/// <c>line</c> on <c>side</c> (RIGHT: the new file's number of an added or context line; LEFT: the old file's number of a
/// removed or context line). A reply takes its thread's place. Comments that cannot be placed say why: outdated (GitHub
/// gives them no <c>line</c>: the code changed under them), on a whole file, on a file without a patch, or on a line in no
/// hunk. Every hunk of every patch becomes a row in CodeReviewer's format: <c>y</c> = 1 with the thread-opening comment
/// that came first as <c>msg</c>, or <c>y</c> = 0 — the negatives.
/// </summary>
internal static class HunkAlignment
{
    /// <summary>Alignment statuses, as written in the <c>aligned</c> column of the comments table.</summary>
    public const string Aligned = "aligned", Outdated = "outdated", FileLevel = "file", NoPatch = "no_patch", NotInHunk = "not_in_hunk";

    /// <summary>The comment rows, the hunk rows, what could not be parsed, and the counts.</summary>
    public sealed record Result(IReadOnlyList<JsonObject> Comments, IReadOnlyList<JsonObject> Hunks, IReadOnlyList<string> Skipped, AlignmentSummary Summary);

    private sealed record Place(string Status, int? Hunk = null, DiffLine? Line = null);

    public static Result Align(GitHubRepository repository, long pull, IReadOnlyList<PullFile> files, IReadOnlyList<ReviewComment> comments)
    {
        var skipped = new List<string>();
        var patches = new Dictionary<string, List<DiffHunk>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Patch is null)
            {
                continue;
            }
            try
            {
                var lines = file.Patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                patches[file.Path] = DiffHunk.ParseAll(lines.AsSpan(Math.Max(0, Array.FindIndex(lines, l => l.StartsWith("@@", StringComparison.Ordinal)))), $"patch of {file.Path}");
            }
            catch (RelearnException e)
            {
                skipped.Add($"pull request #{pull}: {e.Message}");
            }
        }

        var byId = comments.ToDictionary(c => c.Id);
        var places = new Dictionary<long, Place>();
        Place PlaceOf(ReviewComment comment, int depth = 0)
        {
            if (places.TryGetValue(comment.Id, out var known))
            {
                return known;
            }
            // A reply's own line fields repeat its thread's; the thread's first comment decides (depth guards a cycle).
            var place = comment.InReplyTo is { } parent && byId.TryGetValue(parent, out var root) && depth < 100
                ? PlaceOf(root, depth + 1)
                : Locate(comment, patches);
            places[comment.Id] = place;
            return place;
        }

        var commentRows = new List<JsonObject>();
        foreach (var comment in comments.OrderBy(c => c.Id))
        {
            var place = PlaceOf(comment);
            commentRows.Add(new JsonObject
            {
                ["pull"] = pull, ["id"] = comment.Id, ["path"] = comment.Path, ["line"] = comment.Line, ["original_line"] = comment.OriginalLine,
                ["start_line"] = comment.StartLine, ["side"] = comment.Side, ["diff_hunk"] = comment.DiffHunk, ["commit_id"] = comment.CommitId,
                ["original_commit_id"] = comment.OriginalCommitId, ["in_reply_to"] = comment.InReplyTo, ["body"] = comment.Body,
                ["author"] = comment.Author, ["created_at"] = comment.CreatedAt, ["updated_at"] = comment.UpdatedAt,
                ["aligned"] = place.Status, ["hunk"] = place.Hunk, ["hunk_line"] = place.Line?.Line, ["hunk_side"] = place.Line?.Side,
            });
        }

        var hunkRows = new List<JsonObject>();
        var positive = 0;
        foreach (var (path, hunks) in patches.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            for (var index = 0; index < hunks.Count; index++)
            {
                var here = comments.Where(c => PlaceOf(c) is { Status: Aligned } p && p.Hunk == index && c.Path == path).ToList();
                var opening = here.Where(c => c.InReplyTo is null).OrderBy(c => c.CreatedAt, StringComparer.Ordinal).ThenBy(c => c.Id).FirstOrDefault()
                    ?? here.OrderBy(c => c.Id).FirstOrDefault();
                var line = opening is null ? null : PlaceOf(opening).Line;
                positive += opening is null ? 0 : 1;
                hunkRows.Add(new JsonObject
                {
                    ["patch"] = hunks[index].Text,
                    ["y"] = opening is null ? 0 : 1,
                    ["msg"] = opening?.Body,
                    ["lang"] = Languages.Normalize(null, path),
                    ["path"] = path,
                    ["id"] = string.Create(CultureInfo.InvariantCulture, $"{repository}#{pull}:{path}:{index}"),
                    ["pull"] = pull,
                    ["hunk"] = index,
                    ["line"] = line?.Line,
                    ["side"] = line?.Side,
                    ["comments"] = here.Count,
                });
            }
        }

        int Count(string status) => comments.Count(c => PlaceOf(c).Status == status);
        var summary = new AlignmentSummary(comments.Count, Count(Aligned), Count(Outdated), Count(FileLevel), Count(NoPatch), Count(NotInHunk), hunkRows.Count, positive);
        return new Result(commentRows, hunkRows, skipped, summary);
    }

    private static Place Locate(ReviewComment comment, Dictionary<string, List<DiffHunk>> patches)
    {
        if (string.Equals(comment.SubjectType, "file", StringComparison.Ordinal))
        {
            return new Place(FileLevel);
        }
        if (comment.Line is not { } line)
        {
            return new Place(Outdated);
        }
        if (!patches.TryGetValue(comment.Path, out var hunks))
        {
            return new Place(NoPatch);
        }
        var left = string.Equals(comment.Side, "LEFT", StringComparison.Ordinal);
        for (var index = 0; index < hunks.Count; index++)
        {
            foreach (var candidate in hunks[index].Lines)
            {
                var hit = left
                    ? candidate.Kind != DiffLineKind.Added && candidate.OldLine == line
                    : candidate.Kind != DiffLineKind.Removed && candidate.NewLine == line;
                if (hit)
                {
                    // A context line is in both files; GitHub anchors the comment on the side it names.
                    return new Place(Aligned, index, left && candidate.Kind == DiffLineKind.Context ? candidate with { Kind = DiffLineKind.Removed } : candidate);
                }
            }
        }
        return new Place(NotInHunk);
    }
}
