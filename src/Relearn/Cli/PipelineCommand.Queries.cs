using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Cli;

internal static partial class PipelineCommand
{
    private static Command Status()
    {
        var name = NameArgument();
        var file = FileOption();
        var parameters = ParamOption();
        var force = ForceOption();
        var format = CliContext.Format();
        var command = new Command("status", "What a run would do now: which stages run and why, which are cached") { name, file, parameters, force, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var source = services.GetRequiredService<PipelineCatalog>().Resolve(parse.GetValue(name), parse.GetValue(file));
            var plans = await services.GetRequiredService<PipelinePlanner>().PlanAsync(source, ParseParams(parse.GetValue(parameters)),
                parse.GetValue(force) ?? [], cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(plans);
            }
            else
            {
                Output.Table(["stage", "would", "why"], plans.Select(p => new[] { p.Stage, p.WillRun ? "run" : "skip", p.Reason }));
            }
            return 0;
        });
        return command;
    }

    private static Command Runs()
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only runs of this pipeline" };
        var limit = new Option<int>("--limit") { Description = "Most runs to list", DefaultValueFactory = _ => 50 };
        var format = CliContext.Format();
        var command = new Command("runs", "Pipeline runs, newest first") { pipeline, limit, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var store = services.GetRequiredService<IPipelineStore>();
            // Runs whose owner stopped heartbeating show as interrupted, not running forever.
            await store.ReapExpiredAsync(cancellationToken);
            var runs = await store.ListPipelineRunsAsync(parse.GetValue(pipeline), parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(runs.Select(r => new { run_id = r.Id, pipeline = r.Pipeline, state = PipelineView.Lower(r.State), trigger = r.Trigger,
                    created_at = r.CreatedAt, ended_at = r.EndedAt, error = r.Error }));
            }
            else
            {
                Output.Table(["run", "pipeline", "state", "trigger", "started", "seconds", "error"], runs.Select(r => new[]
                {
                    r.Id, r.Pipeline, PipelineView.Lower(r.State), r.Trigger, Output.Time(r.CreatedAt),
                    r.EndedAt is { } end ? Output.Number((end - r.CreatedAt).TotalSeconds) : "", r.Error ?? "",
                }));
            }
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var runId = new Argument<string>("run") { Description = "Pipeline run id" };
        var format = CliContext.Format();
        var command = new Command("show", "One run's DAG: each stage's state, duration, cache hit or miss, attempts, and failed stages' log tails") { runId, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var store = services.GetRequiredService<IPipelineStore>();
            await store.ReapExpiredAsync(cancellationToken);
            var id = parse.GetValue(runId)!;
            var run = await store.GetPipelineRunAsync(id, cancellationToken) ?? throw RelearnException.NotFound($"pipeline run {id} does not exist");
            var attempts = await store.GetStageAttemptsAsync(id, cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(PipelineView.Of(run, attempts, await ReadDefinitionAsync(services, run, cancellationToken)));
                return 0;
            }
            Console.WriteLine($"pipeline {run.Pipeline} run {run.Id}: {PipelineView.Lower(run.State)} (trigger {run.Trigger}, started {Output.Time(run.CreatedAt)})");
            if (run.Error is not null)
            {
                Console.WriteLine($"error: {run.Error}");
            }
            await PrintSummaryAsync(services, new PipelineRunResult(run, attempts), cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Validate()
    {
        var name = NameArgument();
        var file = FileOption();
        var parameters = ParamOption();
        var command = new Command("validate", "Check a pipeline without running it: steps, arguments, params, references, inputs, cycles, schedules") { name, file, parameters };
        command.SetHandler((parse, services, _) =>
        {
            var source = services.GetRequiredService<PipelineCatalog>().Resolve(parse.GetValue(name), parse.GetValue(file));
            var definition = source.Parse();
            var order = PipelineValidator.Validate(definition, services.GetRequiredService<PipelineStepCatalog>(), source.ProjectFolder,
                PipelineValidator.ResolveParams(definition, ParseParams(parse.GetValue(parameters))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pipeline {definition.Name} is valid: {order.Count} stages ({string.Join(" -> ", order.Select(s => s.Name))}), {definition.Schedules.Count} schedules"));
            return Task.FromResult(0);
        });
        return command;
    }
}
