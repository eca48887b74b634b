using System.Text.Json.Nodes;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

/// <summary>Builders of raw GitHub issue objects, shaped like the real API's.</summary>
internal static class Some
{
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "huggingface-datasets-issues-2020-2023.jsonl.gz");

    public static JsonObject Issue(long number, string created, string? closed = null, string title = "Loading a dataset fails", string? body = "### Describe the bug\n\n```\nTraceback\n```") => new()
    {
        ["number"] = number,
        ["title"] = title,
        ["body"] = body,
        ["user"] = new JsonObject { ["login"] = "someone" },
        ["author_association"] = "NONE",
        ["state"] = closed is null ? "open" : "closed",
        ["comments"] = 0,
        ["labels"] = new JsonArray(),
        ["created_at"] = created,
        ["updated_at"] = closed ?? created,
        ["closed_at"] = closed,
        ["pull_request"] = null,
    };

    public static JsonObject PullRequest(long number, string created) =>
        Issue(number, created).Also(i => i["pull_request"] = new JsonObject { ["url"] = $"https://api.github.com/repos/o/r/pulls/{number}" });

    public static JsonObject Also(this JsonObject issue, Action<JsonObject> change)
    {
        change(issue);
        return issue;
    }

    public static string Lines(params JsonObject[] issues) => string.Join('\n', issues.Select(i => i.ToJsonString()));
}
