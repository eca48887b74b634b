using Hangfire;
using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.Core.Pipelines.Scheduling;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Worker;

/// <summary>
/// Builds <c>relearn worker</c>: a Hangfire server on the PostgreSQL metadata store that runs the jobs the CLI and
/// the server enqueue (tuning trials, pipeline stages), <c>concurrency</c> at a time, and runs the pipelines' cron
/// schedules as <c>relearn serve</c> does (each occurrence is claimed in the store, so it starts once however many
/// workers and servers run). Stopping it (SIGTERM, Ctrl-C) lets running jobs
/// hand their work back and puts them back in the queue; a worker killed outright loses its trials to the others
/// once their leases run out.
/// </summary>
internal static class RelearnWorker
{
    /// <summary>How long a stopping worker waits for its jobs to hand their work back.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    public static IHost Build(RelearnLocation location, int concurrency, IReadOnlyList<string> pipelineFiles, string[]? args = null, Action<ILoggingBuilder>? logging = null)
    {
        if (!location.IsPostgres)
        {
            throw RelearnException.Invalid("relearn worker needs --store postgresql://... (workers share their queue and results through PostgreSQL)");
        }
        if (concurrency is < 1 or > 256)
        {
            throw RelearnException.Invalid("--concurrency must be between 1 and 256");
        }
        var builder = Host.CreateApplicationBuilder(args ?? []);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout + TimeSpan.FromSeconds(5));
        PipelineSchedulerOptions.AddFiles(builder.Configuration, pipelineFiles);
        builder.Services.AddRelearn(location);
        builder.Services.AddPipelineScheduler();
        builder.Services.AddHangfireServer(options =>
        {
            options.ServerName = WorkerIdentity.Current;
            options.WorkerCount = concurrency;
            options.ShutdownTimeout = ShutdownTimeout;
        });
        return builder.Build();
    }
}
