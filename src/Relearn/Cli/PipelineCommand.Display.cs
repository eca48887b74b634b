using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Storage;
using Spectre.Console;

namespace Relearn.Cli;

internal static partial class PipelineCommand
{
    /// <summary>
    /// Runs <paramref name="work"/> with a live view of the stages: a Spectre progress bar per stage on a terminal,
    /// one plain line per state change when output is redirected, nothing with <c>--format json</c>.
    /// </summary>
    private static async Task<PipelineRunResult> WithProgressAsync(bool json, Func<IProgress<PipelineProgress>?, Task<PipelineRunResult>> work)
    {
        if (json)
        {
            return await work(null);
        }
        if (Console.IsOutputRedirected)
        {
            return await work(new SynchronousProgress(p => Console.WriteLine(Line(p))));
        }
        PipelineRunResult result = null!;
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                result = await work(new SynchronousProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        tasks[p.Stage] = task = context.AddTask(Markup.Escape(p.Stage), maxValue: 1);
                        task.IsIndeterminate = true;
                    }
                    task.Description = Markup.Escape(Line(p));
                    if (p.State is not ("running" or "waiting"))
                    {
                        task.IsIndeterminate = false;
                        task.Value = 1;
                        task.StopTask();
                    }
                }));
            });
        return result;
    }

    private static string Line(PipelineProgress p) => p.State switch
    {
        "running" => $"{p.Stage}: running",
        "waiting" => $"{p.Stage}: waiting ({p.Detail})",
        "cached" => $"{p.Stage}: cached",
        _ => $"{p.Stage}: {p.State}{(p.Duration is { } d ? $" in {d.TotalSeconds:0.0} s" : "")}{(p.Attempt > 1 ? $" (attempt {p.Attempt})" : "")}{(p.Detail is { } e ? $": {e}" : "")}",
    };

    /// <summary>The table of stages of a run, and the log tail of any failed stage.</summary>
    private static async Task PrintSummaryAsync(IServiceProvider services, PipelineRunResult result, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(services, result.Run, cancellationToken);
        var view = PipelineView.Of(result.Run, result.Attempts, definition);
        Output.Table(["stage", "after", "state", "cache", "attempts", "seconds", "error"], view.Stages.Select(s => new[]
        {
            s.Stage, string.Join(", ", s.After), s.State, s.Cache, s.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            s.DurationSeconds is { } d ? Output.Number(d) : "", s.Error ?? "",
        }), $"pipeline {view.Pipeline} run {view.RunId}: {view.State}");
        foreach (var failed in result.Attempts.Where(a => a.State == StageState.Failed).GroupBy(a => a.Stage).Select(g => g.Last()))
        {
            await PrintLogTailAsync(services, failed, cancellationToken);
        }
    }

    private static async Task PrintLogTailAsync(IServiceProvider services, StageAttempt attempt, CancellationToken cancellationToken, int lines = 10)
    {
        if (attempt.LogDigest is null)
        {
            return;
        }
        var log = await services.GetRequiredService<IArtifactStore>().ReadTextAsync(attempt.LogDigest, cancellationToken);
        var tail = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines);
        Console.WriteLine($"--- {attempt.Stage} attempt {attempt.Attempt} log (last {lines} lines) ---");
        foreach (var line in tail)
        {
            Console.WriteLine(line);
        }
    }

    private static async Task<PipelineDefinition?> ReadDefinitionAsync(IServiceProvider services, PipelineRun run, CancellationToken cancellationToken)
    {
        var yaml = await services.GetRequiredService<IArtifactStore>().ReadTextAsync(run.DefinitionDigest, cancellationToken);
        return PipelineYaml.Parse(yaml, $"pipeline {run.Pipeline}");
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        private readonly Lock _gate = new();

        public void Report(PipelineProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
