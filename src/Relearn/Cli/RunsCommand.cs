using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Tracking;

namespace Relearn.Cli;

/// <summary><c>relearn runs list|show</c>.</summary>
internal static class RunsCommand
{
    public static Command Create() => new("runs", "Tracked runs: params, metrics, artifacts") { List(), Show() };

    private static Command List()
    {
        var experiment = new Option<string?>("--experiment") { Description = "Only runs of this experiment" };
        var limit = new Option<int>("--limit") { Description = "Most runs to list", DefaultValueFactory = _ => 50 };
        var format = CliContext.Format();
        var command = new Command("list", "Runs, newest first") { experiment, limit, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var tracking = services.GetRequiredService<ITrackingStore>();
            var runs = await tracking.ListRunsAsync(parse.GetValue(experiment), parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(runs);
            }
            else
            {
                Output.Table(["run", "name", "status", "started", "ended", "dataset"], runs.Select(r => new[]
                {
                    r.RunId, r.Name, r.Status.ToString().ToLowerInvariant(), Output.Time(r.StartTime), Output.Time(r.EndTime), r.DatasetVersion ?? "",
                }));
            }
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var runId = new Argument<string>("run") { Description = "Run id" };
        var format = CliContext.Format();
        var command = new Command("show", "One run with its params, metrics, tags and artifacts") { runId, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var id = parse.GetValue(runId)!;
            var run = await services.GetRequiredService<ITrackingStore>().GetRunAsync(id, cancellationToken)
                ?? throw RelearnException.NotFound($"run {id} does not exist");
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(run);
                return 0;
            }
            Output.Table(["field", "value"],
            [
                ["run", run.Info.RunId], ["name", run.Info.Name], ["status", run.Info.Status.ToString().ToLowerInvariant()],
                ["started", Output.Time(run.Info.StartTime)], ["ended", Output.Time(run.Info.EndTime)], ["dataset", run.Info.DatasetVersion ?? ""],
                .. run.Params.Select(p => new[] { $"param {p.Key}", p.Value }),
                .. run.Metrics.Select(m => new[] { $"metric {m.Key}", Output.Number(m.Value) }),
                .. run.Tags.Select(t => new[] { $"tag {t.Key}", t.Value }),
                .. run.Artifacts.Select(a => new[] { $"artifact {a.Path}", $"{a.Digest[..12]} ({a.Size} bytes)" }),
            ]);
            return 0;
        });
        return command;
    }
}
