using System.Text.RegularExpressions;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// The numeric at-open features of an issue: the shape of its title and body, its template, how its author
/// relates to the repository, and when it was opened. Computed from an <see cref="IssueCloseExample"/> only,
/// so they cannot see anything that happened after the issue was opened.
/// </summary>
public static partial class IssueFeatures
{
    private static readonly string[] Associations = ["OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"];

    /// <summary>Feature names, in vector order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "title_chars", "title_words", "title_question", "title_bracket_tag", "title_mentions_error", "title_mentions_feature",
        "body_chars", "body_lines", "body_empty", "code_blocks", "inline_code", "links", "images", "headings", "checkboxes",
        "mentions", "issue_refs", "traceback", "bug_template", "feature_template", "dataset_template", "environment_info",
        "created_weekday", "created_hour",
        .. Associations.Select(a => "author_" + a.ToLowerInvariant()),
    ];

    /// <summary>Number of features (a constant because ML.NET vector columns have a fixed size).</summary>
    public const int Count = 31;

    /// <summary>Computes the feature vector of one issue.</summary>
    public static float[] Compute(IssueCloseExample issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var title = issue.Title;
        var body = issue.Body;
        var titleLower = title.ToLowerInvariant();
        var bodyLower = body.ToLowerInvariant();
        var features = new List<float>(Count)
        {
            title.Length,
            WordPattern().Count(title),
            Flag(title.Contains('?', StringComparison.Ordinal)),
            Flag(title.TrimStart().StartsWith('[')),
            Flag(ErrorWords().IsMatch(titleLower)),
            Flag(FeatureWords().IsMatch(titleLower)),
            Math.Min(body.Length, 100_000),
            body.Length == 0 ? 0 : body.Count(c => c == '\n') + 1,
            Flag(string.IsNullOrWhiteSpace(body)),
            Occurrences(body, "```") / 2,
            InlineCode().Count(body),
            LinkPattern().Count(body),
            ImagePattern().Count(body),
            HeadingPattern().Count(body),
            CheckboxPattern().Count(body),
            MentionPattern().Count(body),
            IssueRefPattern().Count(body),
            Flag(bodyLower.Contains("traceback", StringComparison.Ordinal) || bodyLower.Contains("error:", StringComparison.Ordinal)),
            Flag(bodyLower.Contains("describe the bug", StringComparison.Ordinal) || bodyLower.Contains("steps to reproduce", StringComparison.Ordinal)),
            Flag(bodyLower.Contains("feature request", StringComparison.Ordinal) || bodyLower.Contains("motivation", StringComparison.Ordinal)),
            Flag(bodyLower.Contains("adding a dataset", StringComparison.Ordinal) || bodyLower.Contains("dataset description", StringComparison.Ordinal)),
            Flag(bodyLower.Contains("environment info", StringComparison.Ordinal) || bodyLower.Contains("platform:", StringComparison.Ordinal)),
            (int)issue.CreatedAt.UtcDateTime.DayOfWeek,
            issue.CreatedAt.UtcDateTime.Hour,
        };
        var association = issue.AuthorAssociation.ToUpperInvariant();
        features.AddRange(Associations.Select(a => Flag(a == association)));
        return [.. features];
    }

    /// <summary>A feature vector as name → value, for people and model cards.</summary>
    public static IReadOnlyDictionary<string, float> Describe(IssueCloseExample issue) =>
        Names.Zip(Compute(issue)).ToDictionary(p => p.First, p => p.Second);

    private static float Flag(bool value) => value ? 1 : 0;

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(error|fail|fails|failed|failing|bug|crash|broken|exception|wrong|cannot|can't|doesn't|not working)\b")]
    private static partial Regex ErrorWords();

    [GeneratedRegex(@"\b(add|support|feature|request|allow|enable|improve|proposal|new)\b")]
    private static partial Regex FeatureWords();

    [GeneratedRegex(@"(?<!`)`[^`\n]+`(?!`)")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"https?://")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"!\[|<img\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\s*[-*]\s\[[ xX]\]", RegexOptions.Multiline)]
    private static partial Regex CheckboxPattern();

    [GeneratedRegex(@"(?<![\w/])@[A-Za-z0-9-]+")]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"(?<![\w/&])#\d+\b")]
    private static partial Regex IssueRefPattern();
}
