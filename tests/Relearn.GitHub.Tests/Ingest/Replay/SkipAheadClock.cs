using Microsoft.Extensions.Time.Testing;

namespace Relearn.GitHub.Tests.Ingest.Replay;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that never makes anyone wait: creating a timer for a due time moves the
/// clock forward by that much, which fires it. A 60 s rate-limit wait takes no real time, yet the clock (and
/// so every request's <see cref="ServedRequest.At"/>) shows it was honoured.
/// </summary>
internal sealed class SkipAheadClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long _skippedTicks;

    /// <summary>Everything the code under test waited for, in total.</summary>
    public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            // After CreateTimer returns, so Task.Delay has its timer before the callback completes it.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                Interlocked.Add(ref _skippedTicks, dueTime.Ticks);
                Advance(dueTime);
            });
        }
        return timer;
    }
}
