using System.Text.Json.Serialization;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>
/// One hunk in CodeReviewer's format: the patch, whether a reviewer commented on it (<c>y</c>, when known), what the
/// reviewer said (<c>msg</c>, when known) and the file's language.
/// </summary>
/// <param name="Patch">One diff hunk, <c>@@</c> header first.</param>
/// <param name="Y">1 when a reviewer commented on the hunk, 0 when not, null when unknown.</param>
/// <param name="Msg">The reviewer's comment, or null.</param>
/// <param name="Lang">Language as CodeReviewer writes it (<c>go</c>, <c>py</c>, <c>.cs</c>, ...), or null.</param>
/// <param name="Path">The file's path when known (pull request ingest), or null.</param>
/// <param name="Id">The row's id in its source, when it has one.</param>
public sealed record ReviewExample(string Patch, int? Y, string? Msg, string? Lang, string? Path = null, string? Id = null)
{
    /// <summary>The language, normalized: <c>.cs</c> → <c>cs</c>; guessed from <see cref="Path"/> when missing.</summary>
    [JsonIgnore]
    public string Language => Languages.Normalize(Lang, Path);
}
