using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Registry;

namespace Relearn.Core.Serving;

/// <summary>What a batch prediction scored: one row per scored input (with <c>model</c> and <c>version</c>) and how many inputs the model skipped.</summary>
public sealed record BatchPredictions(ModelVersion Version, IReadOnlyList<JsonObject> Rows, int Skipped);

/// <summary>
/// Batch scoring shared by <c>relearn predict</c> and the <c>predict-batch</c> pipeline step: reads inputs (a JSON
/// object or array, a .json/.jsonl file of objects, gzip allowed, or a text file with one text per line), scores them
/// with a registered version and tags each row with the model and version.
/// </summary>
public static class BatchPrediction
{
    /// <summary>Scores <paramref name="instances"/> with <paramref name="version"/>.</summary>
    public static async Task<BatchPredictions> ScoreAsync(ModelRegistry registry, ModelVersion version, IReadOnlyList<JsonElement> instances,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(version);
        IServableModel servable = await registry.LoadAsync(version, cancellationToken);
        var predictions = await Task.Run(() => servable.PredictBatch(instances), cancellationToken);
        var rows = predictions.Where(p => !p.ContainsKey("skipped")).ToList();
        foreach (var row in rows)
        {
            row["model"] = version.Name;
            row["version"] = version.Version;
        }
        return new BatchPredictions(version, rows, predictions.Count - rows.Count);
    }

    /// <summary>Inputs from inline JSON (starting with <c>{</c> or <c>[</c>) or a file.</summary>
    public static IReadOnlyList<JsonElement> ReadInputs(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.TrimStart();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? FromJson(input, "--input") : ReadFile(input);
    }

    /// <summary>Inputs from a file: .json (an object or array), .jsonl (one object a line), else one text a line (first tab field).</summary>
    public static IReadOnlyList<JsonElement> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"input file '{path}' does not exist (or pass a JSON object)");
        }
        var lines = TextFiles.ReadLines(path);
        List<JsonElement> instances;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            instances = FromJson(string.Join('\n', lines), path);
        }
        else if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
        {
            instances = lines.Where(l => l.Length > 0).SelectMany((l, i) => FromJson(l, $"{path} line {i + 1}")).ToList();
        }
        else
        {
            instances = lines.Select(l => JsonSerializer.SerializeToElement(new JsonObject { ["text"] = l.Split('\t')[0] })).ToList();
        }
        return instances.Count > 0 ? instances : throw RelearnException.Invalid($"{path} has no inputs");
    }

    /// <summary>The inputs whose top-level <paramref name="field"/> is the string or number <paramref name="value"/> (e.g. <c>state=open</c>).</summary>
    public static IReadOnlyList<JsonElement> Where(IReadOnlyList<JsonElement> instances, string field, string value) =>
        instances.Where(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty(field, out var v)
            && (v.ValueKind == JsonValueKind.String ? v.GetString() == value : v.GetRawText() == value)).ToList();

    private static List<JsonElement> FromJson(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList()
                : [document.RootElement.Clone()];
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"{where} is not valid JSON: {e.Message}");
        }
    }
}
