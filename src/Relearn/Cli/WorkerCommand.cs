using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Pipelines.Scheduling;
using Relearn.Core.Training.Tuning.Distributed;
using Relearn.Postgres;
using Relearn.Worker;

namespace Relearn.Cli;

/// <summary><c>relearn worker</c>: runs queued jobs (tuning trials, pipeline stages) and pipeline schedules from the PostgreSQL store until stopped.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = new Option<int>("--concurrency") { Description = "Jobs this worker runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var pipelines = new Option<string[]>("--pipeline")
        {
            Description = "A pipeline file (relearn.yaml) whose schedules this worker runs, as relearn serve --pipeline does (repeatable; adds to Relearn:Pipelines:Files)",
        };
        var command = new Command("worker", "Run queued jobs (tuning trials, pipeline stages) and pipeline schedules from a PostgreSQL store; start as many as you like, on any machines")
        {
            concurrency, pipelines,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var location = CliContext.Location(parse);
                var startup = new HostStartup();
                using var host = RelearnWorker.Build(location, parse.GetValue(concurrency), parse.GetValue(pipelines) ?? [], logging: startup.Attach);
                host.Services.GetRequiredService<PipelineScheduler>().LoadSchedules();
                await startup.StartAsync(host, cancellationToken);
                // One line that says it is up: scripts and tests wait for it.
                Console.WriteLine($"relearn worker {WorkerIdentity.Current}: running {parse.GetValue(concurrency)} at once from {PostgresConnectionString.Redact(location.Store)}");
                await host.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e)
            {
                return CliContext.Fail(e);
            }
        });
        return command;
    }
}
