using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Models;
using Relearn.Core.Registry;

namespace Relearn.Cli;

/// <summary><c>relearn evaluate MODEL --data FILE...</c>: metrics of a registered model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version" };
        var data = new Option<string[]>("--data") { Description = "Labelled data files in the model task's format", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = CliContext.Format();
        var command = new Command("evaluate", "Evaluate a registered model on labelled data") { model, data, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var registry = services.GetRequiredService<ModelRegistry>();
            var version = await registry.ResolveAsync(ModelReference.Parse(parse.GetValue(model)!), cancellationToken);
            var evaluationData = services.GetRequiredService<ModelTaskCatalog>().Get(version.Task).ReadEvaluationData(parse.GetValue(data)!);
            var metrics = await registry.EvaluateAsync(version, evaluationData, cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                // JSON has no NaN: a metric that cannot be computed here (e.g. review-assist's semantic without an embedding model) is null.
                Output.Json(metrics.ToDictionary(m => m.Key, m => double.IsFinite(m.Value) ? m.Value : (double?)null));
            }
            else
            {
                Output.Table(["metric", "value"], metrics.Select(m => new[] { m.Key, Output.Number(m.Value) }), $"{version.Name}:{version.Version}");
            }
            return 0;
        });
        return command;
    }
}
