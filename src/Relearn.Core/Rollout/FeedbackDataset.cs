using System.Globalization;
using System.Text;
using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Storage;

namespace Relearn.Core.Rollout;

/// <summary>
/// Turns stored feedback labels into training data: the labelled predictions of a text model as a labelled text file
/// (<c>text&lt;TAB&gt;label</c>, the format the text-classification trainer reads), registered as a new version of the
/// dataset <c>{model}-feedback</c> whose source names the predictions it came from, so lineage records what a
/// retrained version learned from.
/// </summary>
public sealed class FeedbackDataset(IPredictionStore predictions, IDatasetCatalog datasets, IArtifactStore artifacts)
{
    /// <summary>The file written and the dataset version it was registered as.</summary>
    /// <param name="Path">The labelled text file.</param>
    /// <param name="Dataset">Its dataset version.</param>
    /// <param name="Rows">Labels in it.</param>
    public sealed record Export(string Path, DatasetVersion Dataset, int Rows);

    /// <summary>Writes the newest <paramref name="limit"/> labels of <paramref name="model"/> into <paramref name="folder"/>; null without usable labels.</summary>
    public async Task<Export?> ExportAsync(string model, int limit, string folder, CancellationToken cancellationToken = default)
    {
        var labelled = await predictions.ListLabelledAsync(model, limit, cancellationToken);
        var rows = new List<LabelledText>();
        foreach (var item in labelled)
        {
            if (ToRow(item) is { } row)
            {
                rows.Add(row);
            }
        }
        if (rows.Count == 0)
        {
            return null;
        }
        var canonical = LabelledTextReader.ToCanonicalBytes(rows);
        var stored = await artifacts.PutBytesAsync(canonical, cancellationToken);
        var times = labelled.Select(l => l.Prediction.At).ToList();
        var source = string.Create(CultureInfo.InvariantCulture,
            $"feedback: {rows.Count} labelled predictions of {model} made {times.Min():O} .. {times.Max():O} (prediction ids {labelled[^1].Prediction.PredictionId} .. {labelled[0].Prediction.PredictionId})");
        var dataset = await datasets.RegisterAsync($"{model}-feedback", stored.Digest, rows.Count, LabelledTextReader.Schema, source, cancellationToken);
        Directory.CreateDirectory(folder);
        // The file name carries the dataset version, so the training dataset's source (its file names) names the feedback it learned from.
        var path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{model}-feedback-v{dataset.Version}.txt"));
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.Text).Append('\t').Append(row.Label ? '1' : '0').Append('\n');
        }
        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
        return new Export(path, dataset, rows.Count);
    }

    /// <summary>A labelled prediction of a text model as a training row (<c>text</c> from the input, a 0/1 label), or null for anything else.</summary>
    private static LabelledText? ToRow(LabelledPrediction item)
    {
        try
        {
            using var input = JsonDocument.Parse(item.Prediction.InputJson);
            using var label = JsonDocument.Parse(item.Label.LabelJson);
            if (input.RootElement.ValueKind != JsonValueKind.Object || !input.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            bool? positive = label.RootElement.ValueKind switch
            {
                JsonValueKind.String => label.RootElement.GetString() switch { "1" or "true" or "positive" => true, "0" or "false" or "negative" => false, _ => null },
                JsonValueKind.Number => label.RootElement.GetRawText() switch { "1" => true, "0" => false, _ => null },
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
            // Tabs and line breaks would split the row in the file the trainer reads.
            var clean = string.Join(' ', text.GetString()!.Split(['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
            return positive is { } p && clean.Length > 0 ? new LabelledText { Text = clean, Label = p } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
