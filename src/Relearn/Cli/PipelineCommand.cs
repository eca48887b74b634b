using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;

namespace Relearn.Cli;

/// <summary>
/// <c>relearn pipeline run|status|runs|show|validate</c>: pipeline files and the built-in pipelines, run with
/// content-hash caching and durable, resumable state.
/// </summary>
internal static partial class PipelineCommand
{
    public static Command Create() => new("pipeline", "Run pipelines (relearn.yaml or a built-in one) with caching, retries, alerts and resume")
    {
        Run(), Status(), Runs(), Show(), Validate(),
    };

    private static Argument<string?> NameArgument() => new("name") { Description = "A built-in pipeline (sentiment, issue-close)", Arity = ArgumentArity.ZeroOrOne };

    private static Option<string?> FileOption() => new("--file", "-f") { Description = "A pipeline file (relearn.yaml); its folder is the project folder" };

    private static Option<string[]> ParamOption() => new("--param", "-p") { Description = "Override a param: KEY=VALUE (repeatable)" };

    private static Option<string[]> ForceOption() => new("--force") { Description = "Run this stage even when cached (repeatable)" };

    private static Command Run()
    {
        var name = NameArgument();
        var file = FileOption();
        var parameters = ParamOption();
        var force = ForceOption();
        var resume = new Option<string?>("--resume") { Description = "Continue the newest unfinished run of the pipeline, or the run RUN", Arity = ArgumentArity.ZeroOrOne };
        var webhook = new Option<Uri?>("--alert-webhook") { Description = "POST alerts as JSON to this URL (for alerts that name no webhook)" };
        var executorName = new Option<string>("--executor")
        {
            Description = "Where stages run: in-process, or hangfire (as jobs for relearn worker processes; needs --store postgresql://...)",
            DefaultValueFactory = _ => StageDispatchers.InProcess,
        };
        var format = CliContext.Format();
        var command = new Command("run", "Run a pipeline: stages whose step, params and inputs are unchanged are skipped")
        {
            name, file, parameters, force, resume, webhook, executorName, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            // Resolved before anything is stored, so an unknown name or a hangfire run on SQLite fails with one line and leaves no run behind.
            var executor = services.GetRequiredService<StageDispatchers>().ExecutorFor(parse.GetValue(executorName)!);
            if (parse.GetValue(webhook) is { } hook)
            {
                services.GetRequiredService<IOptions<PipelineRunnerOptions>>().Value.AlertWebhook = hook;
            }
            var json = parse.GetValue(format) == OutputFormat.Json;
            PipelineRunResult result;
            if (parse.GetResult(resume) is not null)
            {
                var runId = await FindRunToResumeAsync(services, parse.GetValue(resume), parse.GetValue(name), parse.GetValue(file), cancellationToken);
                result = await WithProgressAsync(json, progress => executor.ResumeAsync(runId, progress, cancellationToken));
            }
            else
            {
                var source = services.GetRequiredService<PipelineCatalog>().Resolve(parse.GetValue(name), parse.GetValue(file));
                result = await WithProgressAsync(json, progress => executor.StartAsync(source, ParseParams(parse.GetValue(parameters)),
                    parse.GetValue(force) ?? [], "cli", progress, cancellationToken));
            }
            return await ReportAsync(services, result, json, cancellationToken);
        }, movesAliases: true);
        return command;
    }

    /// <summary>Runs a built-in pipeline as <c>quickstart</c> does: progress, a summary, and the run's result.</summary>
    internal static async Task<PipelineRunResult> RunBuiltInAsync(IServiceProvider services, string name, string trigger, CancellationToken cancellationToken)
    {
        var source = services.GetRequiredService<PipelineCatalog>().Resolve(name, null);
        var result = await WithProgressAsync(false, progress => services.GetRequiredService<PipelineExecutor>()
            .StartAsync(source, new Dictionary<string, string>(), [], trigger, progress, cancellationToken));
        await PrintSummaryAsync(services, result, cancellationToken);
        return result;
    }

    private static async Task<int> ReportAsync(IServiceProvider services, PipelineRunResult result, bool json, CancellationToken cancellationToken)
    {
        if (json)
        {
            Output.Json(PipelineView.Of(result.Run, result.Attempts));
        }
        else
        {
            await PrintSummaryAsync(services, result, cancellationToken);
        }
        return result.Succeeded ? 0 : CliContext.Fail($"pipeline {result.Run.Pipeline} run {result.Run.Id} {result.Run.State.ToString().ToLowerInvariant()}: {result.Run.Error}");
    }

    private static async Task<string> FindRunToResumeAsync(IServiceProvider services, string? runId, string? name, string? file, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IPipelineStore>();
        if (runId is not null && await store.GetPipelineRunAsync(runId, cancellationToken) is not null)
        {
            return runId;
        }
        // "--resume NAME" reads as the newest unfinished run of pipeline NAME.
        var pipeline = runId is not null && name is null && file is null ? runId
            : services.GetRequiredService<PipelineCatalog>().Resolve(name, file).Parse().Name;
        var runs = await store.ListPipelineRunsAsync(pipeline, 1, cancellationToken);
        return runs is [{ State: not PipelineRunState.Succeeded } latest]
            ? latest.Id
            : throw RelearnException.NotFound(runId is not null && pipeline == runId
                ? $"no pipeline run or pipeline named '{runId}' has a run to resume"
                : $"pipeline {pipeline} has no unfinished run to resume");
    }

    internal static IReadOnlyDictionary<string, string> ParseParams(string[]? pairs)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw RelearnException.Invalid($"--param {pair}: expected KEY=VALUE");
            }
            parameters[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        return parameters;
    }
}
