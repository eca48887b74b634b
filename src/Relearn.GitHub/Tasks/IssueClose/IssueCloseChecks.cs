using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;
using Relearn.Core.Quality.Checks;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// The issue-close checks. LEAK: the fields not known when an issue opens — comments, labels, state, closed_at,
/// updated_at — are changed, and the prediction must not move at all. Monotonic sanity (DIR): the same issue filed by a
/// maintainer is not less likely to close within 7 days than from an outsider (maintainers file issues they can act
/// on). Each issue is scored alone: in a batch the issues lend each other repository history.
/// </summary>
public sealed class IssueCloseChecks : IBehaviouralChecks
{
    /// <summary>Held-out issues each test changes.</summary>
    public const int IssuesPerTest = 60;

    /// <summary>How far a monotonic check lets the score move the wrong way.</summary>
    public const double MonotonicTolerance = 0.02;

    /// <inheritdoc />
    public bool ScoresAlone => true;

    /// <inheritdoc />
    public IReadOnlyList<BehaviouralTest> Tests(ModelManifest manifest, byte[] evaluationData)
    {
        var issues = Sample(evaluationData, IssuesPerTest);
        return
        [
            new("leak: comments, labels, state, closed_at, updated_at changed", CheckKind.Leak, CheckExpectation.SameScore,
            [
                .. issues.Select(i => Case(i, "closed a day later with labels and comments", Later(AtOpen(i), closedAfter: TimeSpan.FromDays(1), comments: 12, label: "bug"))),
                .. issues.Select(i => Case(i, "still open a year later, no labels, many comments", Later(AtOpen(i), closedAfter: null, comments: 80, label: null))),
            ]),
            new("monotonic: filed by a maintainer rather than an outsider", CheckKind.Dir, CheckExpectation.NotDown,
                issues.Select(i => Case(i with { AuthorAssociation = "NONE" }, "author_association NONE → MEMBER", AtOpen(i with { AuthorAssociation = "MEMBER" }))).ToList(),
                MonotonicTolerance),
        ];
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonElement> SampleInputs(byte[] evaluationData, int count) =>
        Sample(evaluationData, count).Select(i => JsonSerializer.SerializeToElement(AtOpen(i))).ToList();

    /// <summary>The issue as the GitHub API shows it the moment it is opened.</summary>
    public static JsonObject AtOpen(IssueCloseExample issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var created = issue.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["number"] = issue.Number,
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["user"] = new JsonObject { ["login"] = issue.Author },
            ["author_association"] = issue.AuthorAssociation,
            ["state"] = "open",
            ["comments"] = 0,
            ["labels"] = new JsonArray(),
            ["created_at"] = created,
            ["updated_at"] = created,
            ["closed_at"] = null,
        };
    }

    /// <summary>The same issue later in its life: only fields unknown at opening change.</summary>
    private static JsonObject Later(JsonObject atOpen, TimeSpan? closedAfter, int comments, string? label)
    {
        var created = DateTimeOffset.Parse(atOpen["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var closed = closedAfter is { } after ? created + after : (DateTimeOffset?)null;
        atOpen["state"] = closed is null ? "open" : "closed";
        atOpen["closed_at"] = closed?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        atOpen["updated_at"] = (closed ?? created.AddDays(365)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        atOpen["comments"] = comments;
        atOpen["labels"] = label is null ? new JsonArray() : new JsonArray(new JsonObject { ["name"] = label });
        return atOpen;
    }

    private static CheckCase Case(IssueCloseExample issue, string change, JsonObject variant) =>
        new(string.Create(CultureInfo.InvariantCulture, $"#{issue.Number} \"{Shorten(issue.Title)}\": {change}"),
            JsonSerializer.SerializeToElement(AtOpen(issue)), JsonSerializer.SerializeToElement(variant));

    private static string Shorten(string title) => title.Length <= 60 ? title : title[..57] + "...";

    private static IReadOnlyList<IssueCloseExample> Sample(byte[] evaluationData, int count)
    {
        var issues = IssueCloseTask.FromCanonicalBytes(evaluationData);
        var picked = new Random(7).GetItems(Enumerable.Range(0, issues.Count).ToArray(), Math.Min(count, issues.Count));
        return [.. picked.Distinct().Order().Select(i => issues[i])];
    }
}
