using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Pipelines.Scheduling;

/// <summary>
/// Starts pipeline runs that a server or worker drives in the background (the HTTP trigger, schedules): the run is
/// validated and recorded before the call returns, so bad input fails the caller and the run id is known at once; then
/// <see cref="PipelineExecutor"/> drives it through the <see cref="IStageDispatcher"/>, as the CLI's runs are. On
/// shutdown the runs still going are cancelled: they end <c>interrupted</c> and resume later.
/// </summary>
public sealed class BackgroundPipelineRuns(PipelineExecutor executor, IPipelineStore store, ILogger<BackgroundPipelineRuns> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Runs this process drives now.</summary>
    public IReadOnlyCollection<string> Running => _running.Keys.ToArray();

    /// <summary>
    /// Records a new run of <paramref name="source"/> and starts driving it. Throws <see cref="RelearnException"/> for bad
    /// params or forced stages, and a conflict when a run of the same pipeline is running: a slow pipeline's runs never pile up.
    /// </summary>
    public async Task<PipelineRun> StartAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string> forced,
        string trigger, CancellationToken cancellationToken = default)
    {
        await RequireIdleAsync(source, cancellationToken);
        var run = await executor.CreateRunAsync(source, overrides, forced, trigger, cancellationToken);
        Drive(run.Id);
        return run;
    }

    /// <summary>
    /// As <see cref="StartAsync"/> for one occurrence of a schedule: the occurrence is claimed and the run recorded in one
    /// transaction, so a process that dies in between loses neither. Null, and nothing started, when another scheduler
    /// claimed the occurrence first.
    /// </summary>
    public async Task<PipelineRun?> StartScheduledAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, string trigger, string schedule,
        DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        await RequireIdleAsync(source, cancellationToken);
        var run = await executor.CreateScheduledRunAsync(source, overrides, trigger, schedule, occurrence, cancellationToken);
        if (run is not null)
        {
            Drive(run.Id);
        }
        return run;
    }

    /// <summary>Throws a conflict when a run of <paramref name="source"/>'s pipeline is running (after reaping runs whose coordinator died).</summary>
    private async Task RequireIdleAsync(PipelineSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = source.Parse().Name;
        await store.ReapExpiredAsync(cancellationToken);
        if ((await store.ListPipelineRunsAsync(name, 20, cancellationToken)).FirstOrDefault(r => r.State == PipelineRunState.Running) is { } busy)
        {
            throw RelearnException.Conflict($"pipeline {name} is already running (run {busy.Id}); wait for it to end");
        }
    }

    /// <summary>Takes over an interrupted or failed run and drives it on; throws when it does not exist, succeeded, or a live coordinator holds it.</summary>
    public async Task ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        await executor.ClaimForResumeAsync(runId, cancellationToken);
        Drive(runId);
    }

    private void Drive(string runId)
    {
        // Registered before it starts, so a run that ends at once is still removed after it was added.
        var start = new Task<Task>(() => DriveAsync(runId), TaskCreationOptions.None);
        _running[runId] = start.Unwrap();
        start.Start(TaskScheduler.Default);
    }

    private async Task DriveAsync(string runId)
    {
        try
        {
            var result = await executor.DriveAsync(runId, null, _stopping.Token);
            if (!result.Succeeded)
            {
                logger.BackgroundRunFailed(null, runId, result.Run.Error ?? result.Run.State.ToString());
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown: the executor recorded the run interrupted.
        }
        catch (Exception e)
        {
            // A background run never takes the host down: the store says where it stands.
            logger.BackgroundRunFailed(e, runId, e.Message);
        }
        finally
        {
            _running.TryRemove(runId, out _);
        }
    }

    /// <inheritdoc />
    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Once: the container holds this instance both as itself and as a hosted service, and disposes both.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }
}
