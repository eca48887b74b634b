using System.Globalization;
using System.Net;
using System.Text;
using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Reports;

/// <summary>
/// A self-contained HTML drift report, what a person opens instead of the JSON (Evidently's data drift report is
/// the model): the verdict, one row per column with its test, and per column an inline SVG chart of reference vs
/// current shares. No scripts, fonts or styles from elsewhere, so it opens offline and from an artifact store.
/// </summary>
public static partial class DriftReportHtml
{
    private const string ReferenceColour = "#4c78a8";
    private const string CurrentColour = "#e45756";

    /// <summary>Renders the report. <paramref name="performance"/> adds a "performance over time" section when given.</summary>
    public static string Render(DriftReport report, string title, IReadOnlyList<PerformanceWindow>? performance = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}")
            .Append(".drift{color:#b00020;font-weight:600}.ok{color:#1b5e20}.col{margin:1.5rem 0;padding-top:.5rem;border-top:1px solid #eee}")
            .Append(".legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}svg text{font-size:10px;fill:#444}")
            .Append("</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        Summary(html, report);
        if (performance is { Count: > 0 })
        {
            Performance(html, performance);
        }
        html.Append("<h2>Columns</h2><p class=\"legend\"><span style=\"background:").Append(ReferenceColour).Append("\"></span>reference<span style=\"background:")
            .Append(CurrentColour).Append("\"></span>current</p>");
        foreach (var column in report.Columns)
        {
            Column(html, column);
        }
        html.Append("<p><small>Tests chosen per column as Evidently does by default (stattests/registry.py); p-values as scipy computes them.</small></p></body></html>");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, DriftReport report)
    {
        var verdict = report.Verdict ?? (report.DatasetDrift ? "Dataset drift detected" : "No dataset drift");
        html.Append("<p id=\"verdict\" class=\"").Append(report.DatasetDrift ? "drift" : "ok").Append("\">").Append(E(verdict)).Append("</p>");
        html.Append("<p>").Append(report.DriftedColumns).Append(" of ").Append(report.Columns.Count).Append(" columns drifted (share ")
            .Append(N(report.Share)).Append("; dataset drift from ").Append(N(report.DriftShareThreshold)).Append("). Reference rows: ")
            .Append(report.ReferenceRows).Append(", current rows: ").Append(report.CurrentRows).Append(".</p>");
        html.Append("<table id=\"columns\"><tr><th>column</th><th>type</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drift</th><th>missing (ref / cur)</th></tr>");
        foreach (var c in report.Columns)
        {
            html.Append("<tr><td><a href=\"#col-").Append(E(c.Column)).Append("\">").Append(E(c.Column)).Append("</a></td><td>")
                .Append(c.Type.ToString().ToLowerInvariant()).Append("</td><td>").Append(E(c.Test)).Append("</td><td>")
                .Append(c.Statistic is { } s ? N(s) : "—").Append("</td><td>").Append(c.PValue is { } p ? N(p) : "—").Append("</td><td>")
                .Append(N(c.Threshold)).Append("</td><td class=\"").Append(c.Drift ? "drift" : "ok").Append("\">")
                .Append(c.Statistic is null ? DriftAnalyzer.NotEnoughData : c.Drift ? "drift" : "no drift").Append("</td><td>")
                .Append(c.ReferenceMissing).Append(" / ").Append(c.CurrentMissing).Append("</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Column(StringBuilder html, ColumnDrift column)
    {
        html.Append("<div class=\"col\" id=\"col-").Append(E(column.Column)).Append("\"><h3>").Append(E(column.Column)).Append(" <small>(")
            .Append(column.Type.ToString().ToLowerInvariant()).Append(", ").Append(E(column.Test)).Append(": ")
            .Append(column.Statistic is { } s ? N(s) : "—").Append(column.PValue is { } p ? ", p = " + N(p) : "")
            .Append(") — <span class=\"").Append(column.Drift ? "drift\">drift" : "ok\">no drift").Append("</span></small></h3>");
        if (column.Picture is { } picture)
        {
            if (column.Type == ColumnKind.Text)
            {
                html.Append("<p>Words marking current rows: ").Append(E(string.Join(", ", picture.CurrentWords))).Append("<br>Words marking reference rows: ")
                    .Append(E(string.Join(", ", picture.ReferenceWords))).Append("<br>Out-of-vocabulary share of current words: ")
                    .Append(N(picture.OutOfVocabularyShare ?? 0)).Append("</p><p>Length in words:</p>");
            }
            Bars(html, picture);
        }
        html.Append("</div>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : Math.Abs(value) is > 0 and < 1e-4 ? value.ToString("0.###e+0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
