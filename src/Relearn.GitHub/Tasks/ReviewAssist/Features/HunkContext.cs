namespace Relearn.GitHub.Tasks.ReviewAssist.Features;

/// <summary>What is known about a hunk beyond its text: its file and whether the change it belongs to touches tests.</summary>
/// <param name="Language">Normalized language (<see cref="Languages.Normalize"/>).</param>
/// <param name="Path">The file's path, when known.</param>
/// <param name="ChangeTouchesTests">Whether the pull request also changes test files; null when unknown (a lone hunk).</param>
public sealed record HunkContext(string Language, string? Path = null, bool? ChangeTouchesTests = null);
