using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using Relearn.Core.Serving;

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
            var scored = await BatchPrediction.ScoreAsync(registry, version, BatchPrediction.ReadInputs(parse.GetValue(input)!), cancellationToken);
            var (rows, skipped) = (scored.Rows, scored.Skipped);
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
}
