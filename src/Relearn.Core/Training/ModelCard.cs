using System.Globalization;
using System.Text;
using Relearn.Core.Datasets;

namespace Relearn.Core.Training;

/// <summary>A model card in markdown: what the model is for, what it learned from, how it scored.</summary>
public static class ModelCard
{
    /// <summary>Writes the card for a training run; <paramref name="evaluation"/> is an extra markdown section (protocol, baselines).</summary>
    public static string Write(string title, string task, string intendedUse, DatasetVersion dataset, int trainRows, int testRows,
        IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, double> metrics, string runId,
        string? evaluation = null, string split = "stratified, seeded")
    {
        var card = new StringBuilder();
        card.AppendLine(CultureInfo.InvariantCulture, $"# Model card: {title}");
        card.AppendLine();
        card.AppendLine(CultureInfo.InvariantCulture, $"- Task: `{task}`");
        card.AppendLine(CultureInfo.InvariantCulture, $"- Training run: `{runId}`");
        card.AppendLine();
        card.AppendLine("## Intended use");
        card.AppendLine();
        card.AppendLine(intendedUse);
        card.AppendLine();
        card.AppendLine("## Data");
        card.AppendLine();
        card.AppendLine(CultureInfo.InvariantCulture, $"- Dataset version: `{dataset.Id}` ({dataset.RowCount} rows, schema `{dataset.Schema}`)");
        card.AppendLine(CultureInfo.InvariantCulture, $"- Content hash: `{dataset.Digest}`");
        card.AppendLine(CultureInfo.InvariantCulture, $"- Source: {dataset.Source}");
        card.AppendLine(CultureInfo.InvariantCulture, $"- Split: {trainRows} train / {testRows} test ({split})");
        card.AppendLine();
        AppendTable(card, "Parameters", "parameter", parameters.Select(p => (p.Key, p.Value)));
        // The evaluation protocol and the baselines beaten, where the training evaluated on unseen sources.
        card.Append(evaluation);
        AppendTable(card, "Metrics on the held-out test split", "metric",
            metrics.Select(m => (m.Key, m.Value.ToString("0.####", CultureInfo.InvariantCulture))));
        card.AppendLine("## Limitations");
        card.AppendLine();
        card.AppendLine("Scores hold for data like the training data; text from another domain, language or time may score lower. Monitor drift on the prediction log.");
        return card.ToString();
    }

    private static void AppendTable(StringBuilder card, string heading, string what, IEnumerable<(string Key, string Value)> rows)
    {
        card.AppendLine(CultureInfo.InvariantCulture, $"## {heading}");
        card.AppendLine();
        card.AppendLine(CultureInfo.InvariantCulture, $"| {what} | value |");
        card.AppendLine("|---|---|");
        foreach (var (key, value) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            card.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {value} |");
        }
        card.AppendLine();
    }
}
