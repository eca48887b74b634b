namespace Relearn.GitHub.Tasks.ReviewAssist.Diffs;

/// <summary>What a line of a hunk is: kept, added or removed.</summary>
public enum DiffLineKind
{
    /// <summary>A context line, in both the old and the new file.</summary>
    Context,
    /// <summary>A line only in the new file (<c>+</c>).</summary>
    Added,
    /// <summary>A line only in the old file (<c>-</c>).</summary>
    Removed,
}

/// <summary>One line of a hunk with its numbers in the old and the new file (null where the line is not in that file).</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text, int? OldLine, int? NewLine)
{
    /// <summary>The side GitHub anchors a review comment on this line to: RIGHT for added and context lines, LEFT for removed ones.</summary>
    public string Side => Kind == DiffLineKind.Removed ? "LEFT" : "RIGHT";

    /// <summary>The line number on <see cref="Side"/>.</summary>
    public int Line => Kind == DiffLineKind.Removed ? OldLine!.Value : NewLine!.Value;
}
