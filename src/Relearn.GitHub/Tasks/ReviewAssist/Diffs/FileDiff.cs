namespace Relearn.GitHub.Tasks.ReviewAssist.Diffs;

/// <summary>One file of a pull request's diff: its path in the new tree (the old path for a deleted file) and its hunks.</summary>
public sealed record FileDiff(string Path, IReadOnlyList<DiffHunk> Hunks);
