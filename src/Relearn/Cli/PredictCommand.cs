using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Models;
using Relearn.Core.Packages;
using Relearn.Core.Registry;
using Relearn.Core.Serving;

namespace Relearn.Cli;

/// <summary><c>relearn predict MODEL|PACKAGE --input FILE|JSON</c>: scores inputs and writes JSON Lines.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version (a bare name means @production), or a model package: a .zip or the folder models pull wrote" };
        var input = new Option<string>("--input") { Description = "A JSON object or array, a .jsonl/.json file of objects (gzip allowed), or a text file (one text per line, first tab field)", Required = true };
        var output = new Option<string?>("--output") { Description = "Write to this file: .parquet, .csv, or JSON Lines for anything else (default: JSON Lines on stdout)" };
        var command = new Command("predict", "Score inputs with a registered model") { model, input, output };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var (name, rows, skipped) = await ScoreAsync(parse.GetValue(model)!, parse.GetValue(input)!, services, cancellationToken);
            if (parse.GetValue(output) is { } path)
            {
                await PredictionFile.WriteAsync(path, rows, cancellationToken);
                Console.Error.WriteLine($"wrote {rows.Count} predictions of {name} to {path}{(skipped > 0 ? $" ({skipped} inputs skipped)" : "")}");
            }
            else
            {
                Console.Out.Write(PredictionFile.JsonLines(rows));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Scores with a registered version, or offline with a package file or folder (verified, no store read).</summary>
    private static async Task<(string Model, IReadOnlyList<JsonObject> Rows, int Skipped)> ScoreAsync(string model, string input, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (PackageArchive.IsPackagePath(model))
        {
            var package = RelearnModelPackage.Load(model, services.GetServices<IModelTask>());
            var predictions = await Task.Run(() => package.PredictBatch(BatchPrediction.ReadInputs(input)), cancellationToken);
            var kept = predictions.Where(p => !p.ContainsKey("skipped")).ToList();
            return ($"{package.Manifest.Name}:{package.Manifest.Version} (package {model})", kept, predictions.Count - kept.Count);
        }
        var registry = services.GetRequiredService<ModelRegistry>();
        var version = await registry.ResolveAsync(ModelReference.Parse(model), cancellationToken);
        var scored = await BatchPrediction.ScoreAsync(registry, version, BatchPrediction.ReadInputs(input), cancellationToken);
        return ($"{version.Name}:{version.Version}", scored.Rows, scored.Skipped);
    }
}
