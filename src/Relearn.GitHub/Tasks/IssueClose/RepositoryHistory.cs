using System.Globalization;
using System.Text.Json;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// What a crawl of a repository's <c>/issues</c> (issues and pull requests) says about the repository at any past moment:
/// the author's earlier issues and pull requests and how fast those issues closed, the open backlog, and the opening,
/// closing and merging in the previous 7 and 30 days. <see cref="At"/> uses only events with a timestamp strictly
/// before the moment asked about, so fields the dump knows only later (a close after that moment, comments, labels,
/// <c>updated_at</c>, <c>state</c>) change nothing.
/// </summary>
/// <remarks>
/// Limits of the data, not of the code: the API keeps only the last <c>closed_at</c> (an issue closed, reopened and closed
/// again after T counts as open at T), and it has no comment or timeline timestamps, so first responses and labels applied
/// in the first hour are not derivable point-in-time and are not features. <c>closed_by</c> tells a maintainer's close
/// (anyone but the author) from the author's own.
/// </remarks>
public sealed class RepositoryHistory
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(7);
    private readonly List<Event> _events = [];

    /// <summary>Feature names, in <see cref="At"/> order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "author_prior_issues", "author_prior_pulls", "author_prior_merged", "author_prior_known", "author_prior_closed_fast",
        "author_prior_fast_rate", "author_open_issues", "author_self_closed", "author_days_since_last",
        "repo_open_issues", "repo_open_pulls", "repo_opened_7d", "repo_opened_30d", "repo_closed_7d", "repo_closed_30d",
        "repo_maintainer_closed_7d", "repo_maintainer_closed_30d", "repo_merged_7d", "repo_merged_30d", "repo_recent_fast_rate",
    ];

    /// <summary>Number of features (a constant because ML.NET vector columns have a fixed size).</summary>
    public const int Count = 20;

    /// <summary>Events in the history.</summary>
    public int Events => _events.Count;

    /// <summary>Adds one raw GitHub issue or pull request object; rows without <c>created_at</c> are ignored.</summary>
    public void Add(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object || Time(row, "created_at") is not { } created)
        {
            return;
        }
        var pull = row.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object;
        _events.Add(new Event(pull, Login(row, "user"), created, Time(row, "closed_at"), pull ? Time(pr, "merged_at") : null, Login(row, "closed_by")));
    }

    /// <summary>The features of an issue by <paramref name="author"/> opened at <paramref name="at"/>: events strictly before it only.</summary>
    public float[] At(string author, DateTimeOffset at)
    {
        int issues = 0, pulls = 0, merged = 0, known = 0, fast = 0, open = 0, selfClosed = 0;
        int backlog = 0, pullBacklog = 0, opened7 = 0, opened30 = 0, closed7 = 0, closed30 = 0, maint7 = 0, maint30 = 0, merged7 = 0, merged30 = 0;
        int recentKnown = 0, recentFast = 0;
        DateTimeOffset? last = null;
        var week = at - TimeSpan.FromDays(7);
        var month = at - TimeSpan.FromDays(30);
        foreach (var e in _events)
        {
            if (e.Created >= at)
            {
                continue;
            }
            // What is known at `at`: a close or merge only if it happened before it.
            var closed = e.Closed is { } c && c < at ? c : (DateTimeOffset?)null;
            var mine = author.Length > 0 && e.Author == author;
            if (mine)
            {
                last = last is null || e.Created > last ? e.Created : last;
            }
            if (e.PullRequest)
            {
                pulls += mine ? 1 : 0;
                pullBacklog += closed is null ? 1 : 0;
                if (e.Merged is { } m && m < at)
                {
                    merged += mine ? 1 : 0;
                    merged7 += m >= week ? 1 : 0;
                    merged30 += m >= month ? 1 : 0;
                }
                continue;
            }
            // Fast = closed within the horizon, and that close already happened; the outcome is known once it closed or the horizon passed.
            var closedFast = closed is { } cf && cf - e.Created <= Horizon;
            var outcomeKnown = closed is not null || at - e.Created >= Horizon;
            if (mine)
            {
                issues++;
                known += outcomeKnown ? 1 : 0;
                fast += closedFast ? 1 : 0;
                open += closed is null ? 1 : 0;
                selfClosed += closed is not null && e.Closer == author ? 1 : 0;
            }
            backlog += closed is null ? 1 : 0;
            opened7 += e.Created >= week ? 1 : 0;
            opened30 += e.Created >= month ? 1 : 0;
            if (closed is { } done)
            {
                var byMaintainer = e.Closer is { Length: > 0 } closer && closer != e.Author;
                closed7 += done >= week ? 1 : 0;
                closed30 += done >= month ? 1 : 0;
                maint7 += done >= week && byMaintainer ? 1 : 0;
                maint30 += done >= month && byMaintainer ? 1 : 0;
            }
            // Issues opened 7..37 days ago: their outcome is known now whatever it was.
            if (at - e.Created >= Horizon && at - e.Created < Horizon + TimeSpan.FromDays(30))
            {
                recentKnown++;
                recentFast += closedFast ? 1 : 0;
            }
        }
        return
        [
            issues, pulls, merged, known, fast,
            // Smoothed toward the repository's long-run rate (about 0.4) so one earlier issue does not read as certainty.
            (fast + 0.8f) / (known + 2f),
            open, selfClosed,
            // -1, not NaN, for "never": the context is stored as JSON, and a tree splits on -1 as well as on a missing value.
            last is { } l ? (float)(at - l).TotalDays : -1f,
            backlog, pullBacklog, opened7, opened30, closed7, closed30, maint7, maint30, merged7, merged30,
            recentKnown == 0 ? -1f : (float)recentFast / recentKnown,
        ];
    }

    private static string Login(JsonElement row, string name) =>
        row.TryGetProperty(name, out var user) && user.ValueKind == JsonValueKind.Object && user.TryGetProperty("login", out var login)
            && login.ValueKind == JsonValueKind.String ? login.GetString()! : "";

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private sealed record Event(bool PullRequest, string Author, DateTimeOffset Created, DateTimeOffset? Closed, DateTimeOffset? Merged, string Closer);
}
