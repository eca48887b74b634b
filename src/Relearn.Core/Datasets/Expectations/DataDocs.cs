using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// Great Expectations' "data docs" for Relearn: under <c>HOME/data_docs/</c>, an <c>index.html</c> listing every
/// validation run (newest first) and one page per run (<c>validations/RUN.html</c>) that says each expectation and
/// what was observed in plain words, beside the run's GE-shaped result (<c>validations/RUN.json</c>). Pages are
/// self-contained: inline CSS, no scripts, nothing fetched.
/// </summary>
public sealed class DataDocs(string folder)
{
    /// <summary>The site's folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The index page.</summary>
    public string IndexPath => Path.Combine(Folder, "index.html");

    /// <summary>The page of one run.</summary>
    public string PagePath(string runName) => Path.Combine(Folder, "validations", $"{runName}.html");

    /// <summary>Writes the run's page and result, then rebuilds the index from every stored result.</summary>
    public async Task<string> WriteAsync(SuiteValidationResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.RunName.Length == 0 || !result.RunName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"run name '{result.RunName}' is not a safe file name", nameof(result));
        }
        var validations = Path.Combine(Folder, "validations");
        Directory.CreateDirectory(validations);
        await File.WriteAllTextAsync(Path.Combine(validations, $"{result.RunName}.json"), result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        var page = PagePath(result.RunName);
        await File.WriteAllTextAsync(page, RenderRun(result), cancellationToken);
        await File.WriteAllTextAsync(IndexPath, RenderIndex(ReadAll(validations)), cancellationToken);
        return page;
    }

    /// <summary>One run's page.</summary>
    public static string RenderRun(SuiteValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Statistics;
        var html = new StringBuilder();
        Head(html, $"Validation of {result.Data} with {result.Suite}");
        html.Append("<p><a href=\"../index.html\">All validation runs</a></p>");
        html.Append("<h1>").Append(E(result.Data)).Append(" against suite ").Append(E(result.Suite)).Append("</h1>");
        html.Append("<p class=\"").Append(result.Success ? "ok" : "bad").Append("\" id=\"verdict\">")
            .Append(result.Success ? "Passed" : "Failed").Append(": ").Append(s.SuccessfulExpectations).Append(" of ").Append(s.EvaluatedExpectations)
            .Append(" expectations met (").Append(P(s.SuccessPercent)).Append(").</p>");
        html.Append("<p>Run ").Append(E(result.RunName)).Append(", ").Append(E(result.ValidatedAt.ToString("u", CultureInfo.InvariantCulture))).Append(".</p>");
        html.Append("<table id=\"expectations\"><tr><th>status</th><th>expectation</th><th>observed</th><th>GE name</th></tr>");
        foreach (var outcome in result.Results)
        {
            html.Append("<tr class=\"").Append(outcome.Success ? "ok" : "bad").Append("\"><td>").Append(outcome.Success ? "met" : "not met")
                .Append("</td><td>").Append(E(Capital(ExpectationWords.Describe(outcome.Configuration))))
                .Append("</td><td>").Append(E(ExpectationWords.Observed(outcome)))
                .Append("</td><td><code>").Append(E(outcome.Configuration.Type)).Append("</code></td></tr>");
        }
        html.Append("</table><p><a href=\"").Append(E(result.RunName)).Append(".json\">The result as JSON</a> (Great Expectations' shape).</p></body></html>");
        return html.ToString();
    }

    /// <summary>The index: every run, newest first.</summary>
    public static string RenderIndex(IEnumerable<SuiteValidationSummary> runs)
    {
        var html = new StringBuilder();
        Head(html, "Data docs: validation runs");
        html.Append("<h1>Validation runs</h1><table id=\"runs\"><tr><th>when</th><th>suite</th><th>data</th><th>result</th><th>expectations met</th></tr>");
        foreach (var run in runs.OrderByDescending(r => r.ValidatedAt))
        {
            html.Append("<tr class=\"").Append(run.Success ? "ok" : "bad").Append("\"><td><a href=\"validations/").Append(E(run.RunName)).Append(".html\">")
                .Append(E(run.ValidatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</a></td><td>").Append(E(run.Suite))
                .Append("</td><td>").Append(E(run.Data)).Append("</td><td>").Append(run.Success ? "passed" : "failed")
                .Append("</td><td>").Append(run.Successful).Append(" of ").Append(run.Evaluated).Append("</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static IEnumerable<SuiteValidationSummary> ReadAll(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            SuiteValidationSummary? summary;
            try
            {
                summary = SuiteValidationSummary.Of(JsonNode.Parse(File.ReadAllText(file))!.AsObject());
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                // A file someone else put there, or one cut short: the index lists what it can read.
                summary = null;
            }
            if (summary is not null)
            {
                yield return summary;
            }
        }
    }

    private static void Head(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title))
            .Append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;width:100%}")
            .Append("td,th{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}tr.bad td:first-child,p.bad{color:#b00020;font-weight:600}")
            .Append("tr.ok td:first-child,p.ok{color:#1b5e20;font-weight:600}code{font-size:.85em}</style></head><body>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string P(double? percent) => percent is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) + "%" : "no expectations";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>One row of the data docs index, read back from a stored result.</summary>
public sealed record SuiteValidationSummary(string RunName, string Suite, string Data, DateTimeOffset ValidatedAt, bool Success, int Evaluated, int Successful)
{
    /// <summary>Reads the fields the index shows from a GE-shaped result.</summary>
    public static SuiteValidationSummary Of(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var meta = json["meta"]!;
        return new((string)meta["run_id"]!["run_name"]!, (string)meta["expectation_suite_name"]!, (string)meta["data_asset_name"]!,
            DateTimeOffset.Parse((string)meta["validation_time"]!, CultureInfo.InvariantCulture), (bool)json["success"]!,
            (int)json["statistics"]!["evaluated_expectations"]!, (int)json["statistics"]!["successful_expectations"]!);
    }
}
