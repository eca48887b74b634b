using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Registry;

namespace Relearn.Cli;

/// <summary><c>relearn predict MODEL --input FILE|JSON</c>: scores inputs and writes JSON Lines.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version (a bare name means @production)" };
        var input = new Option<string>("--input") { Description = "A JSON object or array, a .jsonl/.json file of objects (gzip allowed), or a text file (one text per line, first tab field)", Required = true };
        var output = new Option<string?>("--output") { Description = "Write to this file: .parquet, .csv, or JSON Lines for anything else (default: JSON Lines on stdout)" };
        var command = new Command("predict", "Score inputs with a registered model") { model, input, output };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var registry = services.GetRequiredService<ModelRegistry>();
            var version = await registry.ResolveAsync(ModelReference.Parse(parse.GetValue(model)!), cancellationToken);
            var instances = ReadInstances(parse.GetValue(input)!);
            var servable = await registry.LoadAsync(version, cancellationToken);
            var predictions = servable.PredictBatch(instances.Select(i => i.RootElement).ToList());
            var rows = predictions.Where(p => !p.ContainsKey("skipped")).ToList();
            foreach (var row in rows)
            {
                row["model"] = version.Name;
                row["version"] = version.Version;
            }
            var skipped = predictions.Count - rows.Count;
            if (parse.GetValue(output) is { } path)
            {
                await PredictionFile.WriteAsync(path, rows, cancellationToken);
                Console.Error.WriteLine($"wrote {rows.Count} predictions of {version.Name}:{version.Version} to {path}{(skipped > 0 ? $" ({skipped} inputs skipped)" : "")}");
            }
            else
            {
                Console.Out.Write(PredictionFile.JsonLines(rows));
            }
            return 0;
        });
        return command;
    }

    private static List<JsonDocument> ReadInstances(string input)
    {
        var trimmed = input.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return FromJson(input, "--input");
        }
        if (!File.Exists(input))
        {
            throw RelearnException.NotFound($"input file '{input}' does not exist (or pass a JSON object)");
        }
        var lines = TextFiles.ReadLines(input);
        List<JsonDocument> instances;
        if (input.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            instances = FromJson(string.Join('\n', lines), input);
        }
        else if (input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
        {
            instances = lines.SelectMany((l, i) => FromJson(l, $"{input} line {i + 1}")).ToList();
        }
        else
        {
            instances = lines.Select(l => JsonDocument.Parse(new JsonObject { ["text"] = l.Split('\t')[0] }.ToJsonString())).ToList();
        }
        return instances.Count > 0 ? instances : throw RelearnException.Invalid($"{input} has no inputs");
    }

    private static List<JsonDocument> FromJson(string json, string where)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(e => JsonDocument.Parse(e.GetRawText())).ToList()
                : [document];
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"{where} is not valid JSON: {e.Message}");
        }
    }
}
