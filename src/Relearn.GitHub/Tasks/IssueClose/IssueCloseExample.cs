using System.Text.Json.Serialization;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// What is known about an issue at the moment it is opened — and nothing later. Comments, labels, state,
/// reactions and <c>updated_at</c> are deliberately absent: they leak the future into an at-open prediction.
/// </summary>
/// <param name="Number">The issue number.</param>
/// <param name="Title">Title as opened.</param>
/// <param name="Body">Body as opened (empty when none).</param>
/// <param name="Author">Author login.</param>
/// <param name="AuthorAssociation">OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER or NONE.</param>
/// <param name="CreatedAt">When it was opened (UTC).</param>
/// <param name="ClosedWithin7Days">The label, when known; null for issues to predict.</param>
public sealed record IssueCloseExample(
    long Number,
    string Title,
    string Body,
    string Author,
    string AuthorAssociation,
    DateTimeOffset CreatedAt,
    [property: JsonPropertyName("closed_within_7_days")] bool? ClosedWithin7Days);
