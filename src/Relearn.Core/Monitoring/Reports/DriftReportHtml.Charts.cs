using System.Globalization;
using System.Text;
using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Reports;

public static partial class DriftReportHtml
{
    private const int ChartHeight = 160;
    private const int LabelHeight = 60;

    /// <summary>Paired bars per bin or category: reference beside current, heights as shares of each sample.</summary>
    private static void Bars(StringBuilder html, ColumnPicture picture)
    {
        var n = picture.Labels.Count;
        if (n == 0)
        {
            return;
        }
        var slot = Math.Clamp(720 / n, 12, 60);
        var width = slot * n + 40;
        var max = Math.Max(picture.Reference.DefaultIfEmpty(0).Max(), picture.Current.DefaultIfEmpty(0).Max());
        max = max <= 0 ? 1 : max;
        html.Append("<svg role=\"img\" class=\"chart\" width=\"").Append(width).Append("\" height=\"").Append(ChartHeight + LabelHeight)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(ChartHeight + LabelHeight).Append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        html.Append("<line x1=\"30\" y1=\"").Append(ChartHeight).Append("\" x2=\"").Append(width).Append("\" y2=\"").Append(ChartHeight).Append("\" stroke=\"#999\"/>");
        html.Append("<text x=\"0\" y=\"10\">").Append(P(max)).Append("</text>");
        for (var i = 0; i < n; i++)
        {
            var x = 30 + i * slot;
            Bar(html, x + 1, (slot - 2) / 2.0, picture.Reference[i] / max, ReferenceColour, $"{picture.Labels[i]}: reference {P(picture.Reference[i])}");
            Bar(html, x + 1 + (slot - 2) / 2.0, (slot - 2) / 2.0, picture.Current[i] / max, CurrentColour, $"{picture.Labels[i]}: current {P(picture.Current[i])}");
            if (n <= 24 || i % Math.Max(1, n / 12) == 0)
            {
                var label = picture.Labels[i].Length > 14 ? picture.Labels[i][..13] + "…" : picture.Labels[i];
                html.Append("<text transform=\"translate(").Append(F(x + slot / 2.0)).Append(',').Append(ChartHeight + 8).Append(") rotate(45)\">")
                    .Append(E(label)).Append("</text>");
            }
        }
        html.Append("</svg>");
    }

    private static void Bar(StringBuilder html, double x, double width, double fraction, string colour, string title)
    {
        var height = Math.Max(0, fraction) * (ChartHeight - 14);
        html.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(F(ChartHeight - height)).Append("\" width=\"").Append(F(Math.Max(1, width)))
            .Append("\" height=\"").Append(F(height)).Append("\" fill=\"").Append(colour).Append("\"><title>").Append(E(title)).Append("</title></rect>");
    }

    /// <summary>A line chart of a metric per window (performance over time).</summary>
    private static void Performance(StringBuilder html, IReadOnlyList<PerformanceWindow> windows)
    {
        html.Append("<h2>Performance over time</h2><table id=\"performance\"><tr><th>window</th><th>labelled</th>");
        var metrics = windows.SelectMany(w => w.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var m in metrics)
        {
            html.Append("<th>").Append(E(m)).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var w in windows)
        {
            html.Append("<tr><td>").Append(E(w.Label)).Append("</td><td>").Append(w.Labelled).Append("</td>");
            foreach (var m in metrics)
            {
                html.Append("<td>").Append(w.Metrics.TryGetValue(m, out var v) ? N(v) : "—").Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static string P(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
