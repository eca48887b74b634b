using System.Globalization;
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Datasets;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>Why rows of a GitHub issues file did not become examples, by reason.</summary>
public sealed record IssueSkips(int PullRequests, int MissingFields, int Censored, int Malformed)
{
    /// <summary>All skipped rows.</summary>
    public int Total => PullRequests + MissingFields + Censored + Malformed;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PullRequests} pull requests, {MissingFields} missing fields, {Censored} censored (open and younger than 7 days), {Malformed} malformed");
}

/// <summary>Labelled at-open examples from raw GitHub issue JSON, with what was skipped and the as-of time.</summary>
public sealed record IssueCloseData(IReadOnlyList<IssueCloseExample> Examples, IssueSkips Skips, DateTimeOffset AsOf)
{
    /// <summary>The label horizon: closed within this long of being opened.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(7);

    /// <summary>Reads raw GitHub <c>/issues</c> objects, one a line, from plain or gzip files.</summary>
    public static IssueCloseData ReadFiles(IReadOnlyList<string> paths, DateTimeOffset? asOf = null)
    {
        var lines = paths.SelectMany(path => TextFiles.ReadLines(path));
        return FromJsonLines(lines, asOf);
    }

    /// <summary>
    /// Labels raw issue objects: closed within 7 days of creation is positive; an issue still open and younger
    /// than 7 days at <paramref name="asOf"/> (default: the newest timestamp in the data, i.e. the crawl) is
    /// censored — its label is not known yet — and excluded rather than counted as a negative.
    /// </summary>
    public static IssueCloseData FromJsonLines(IEnumerable<string> lines, DateTimeOffset? asOf = null)
    {
        var raw = new List<RawIssue>();
        int pullRequests = 0, missing = 0, malformed = 0;
        foreach (var line in lines)
        {
            switch (RawIssue.TryParse(line, out var issue))
            {
                case RawIssue.ParseOutcome.Issue: raw.Add(issue!); break;
                case RawIssue.ParseOutcome.PullRequest: pullRequests++; break;
                case RawIssue.ParseOutcome.MissingFields: missing++; break;
                default: malformed++; break;
            }
        }
        var cutoff = asOf ?? (raw.Count == 0 ? DateTimeOffset.MinValue : raw.Max(r => r.Latest));
        var examples = new List<IssueCloseExample>(raw.Count);
        var censored = 0;
        foreach (var issue in raw.OrderBy(r => r.Example.CreatedAt).ThenBy(r => r.Example.Number))
        {
            var closedInTime = issue.ClosedAt is { } closed && closed - issue.Example.CreatedAt <= Horizon;
            if (!closedInTime && cutoff - issue.Example.CreatedAt < Horizon)
            {
                censored++;
                continue;
            }
            examples.Add(issue.Example with { ClosedWithin7Days = closedInTime });
        }
        return new IssueCloseData(examples, new IssueSkips(pullRequests, missing, censored, malformed), cutoff);
    }

    /// <summary>Reads raw issues to predict (no labels, nothing censored); pull requests are skipped.</summary>
    public static (IReadOnlyList<IssueCloseExample> Issues, IssueSkips Skips) ReadUnlabelled(IEnumerable<string> lines)
    {
        var issues = new List<IssueCloseExample>();
        int pullRequests = 0, missing = 0, malformed = 0;
        foreach (var line in lines)
        {
            switch (RawIssue.TryParse(line, out var issue))
            {
                case RawIssue.ParseOutcome.Issue: issues.Add(issue!.Example); break;
                case RawIssue.ParseOutcome.PullRequest: pullRequests++; break;
                case RawIssue.ParseOutcome.MissingFields: missing++; break;
                default: malformed++; break;
            }
        }
        return (issues, new IssueSkips(pullRequests, missing, 0, malformed));
    }

    /// <summary>Throws a one-line error unless the data can train and evaluate a binary model.</summary>
    public void RequireTrainable(int minimum = 50)
    {
        if (Examples.Count == 0)
        {
            throw RelearnException.Invalid($"no issues to learn from ({Skips})");
        }
        var positives = Examples.Count(e => e.ClosedWithin7Days == true);
        if (Examples.Count < minimum || positives < 5 || Examples.Count - positives < 5)
        {
            throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"too few issues to train and evaluate: {Examples.Count} ({positives} closed within 7 days); need at least {minimum} with 5 of each outcome"));
        }
    }

    /// <summary>One parsed row: the at-open example plus the later facts used only for the label.</summary>
    private sealed record RawIssue(IssueCloseExample Example, DateTimeOffset? ClosedAt, DateTimeOffset Latest)
    {
        public enum ParseOutcome { Issue, PullRequest, MissingFields, Malformed }

        public static ParseOutcome TryParse(string line, out RawIssue? issue)
        {
            issue = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return ParseOutcome.Malformed;
                }
                if (root.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
                {
                    return ParseOutcome.PullRequest;
                }
                if (!root.TryGetProperty("number", out var number) || !number.TryGetInt64(out var n)
                    || !TryString(root, "title", out var title)
                    || !TryTime(root, "created_at", out var created))
                {
                    return ParseOutcome.MissingFields;
                }
                var body = TryString(root, "body", out var b) ? b : "";
                var author = root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object && TryString(user, "login", out var login) ? login : "";
                var association = TryString(root, "author_association", out var a) ? a : "NONE";
                DateTimeOffset? closed = TryTime(root, "closed_at", out var c) ? c : null;
                var latest = new[] { created, closed ?? created, TryTime(root, "updated_at", out var u) ? u : created }.Max();
                issue = new RawIssue(new IssueCloseExample(n, title, body, author, association, created, null), closed, latest);
                return ParseOutcome.Issue;
            }
            catch (JsonException)
            {
                return ParseOutcome.Malformed;
            }
        }

        private static bool TryString(JsonElement element, string name, out string value)
        {
            value = element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
            return element.TryGetProperty(name, out p) && p.ValueKind == JsonValueKind.String;
        }

        private static bool TryTime(JsonElement element, string name, out DateTimeOffset value)
        {
            value = default;
            return element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
        }
    }
}
