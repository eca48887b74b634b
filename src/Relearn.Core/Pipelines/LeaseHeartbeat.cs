namespace Relearn.Core.Pipelines;

/// <summary>
/// Renews a lease every <c>interval</c> on the given clock while work runs; when a renewal says the lease is gone
/// (another owner reclaimed it), cancels <c>lost</c> so the work stops instead of writing over the new owner's.
/// A renewal that throws (store briefly down) is ignored: the next tick tries again, and the lease outlives a few misses.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly ITimer _timer;
    private readonly Func<CancellationToken, Task<bool>> _renew;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stopping = new();
    private int _busy;

    public LeaseHeartbeat(TimeProvider time, TimeSpan interval, Func<CancellationToken, Task<bool>> renew, CancellationTokenSource lost)
    {
        _renew = renew;
        _lost = lost;
        _timer = time.CreateTimer(_ => _ = BeatAsync(), null, interval, interval);
    }

    private async Task BeatAsync()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            return;
        }
        try
        {
            if (!await _renew(_stopping.Token) && !_stopping.IsCancellationRequested)
            {
                await _lost.CancelAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: a missed beat is covered by the lease's length.
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _timer.DisposeAsync();
        _stopping.Dispose();
    }
}
