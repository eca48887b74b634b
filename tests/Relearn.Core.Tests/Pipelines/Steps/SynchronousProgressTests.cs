namespace Relearn.Core.Tests.Pipelines.Steps;

public sealed class SynchronousProgressTests
{
    [Fact]
    public async Task Report_WritesTheLineBeforeItReturns_SoNothingArrivesAfterTheLogIsClosed()
    {
        // A CI run crashed its test host: Progress<T> had posted a training line to the thread pool, and it reached the
        // stage's log after the attempt had closed it (ObjectDisposedException, unhandled). Steps log through this instead.
        var log = new StringWriter();
        IProgress<string> progress = new SynchronousProgress<string>(TextWriter.Synchronized(log).WriteLine);

        await Task.Run(() => progress.Report("fold 1 of 3"));
        var written = log.ToString();
        log.Dispose();

        Assert.Equal("fold 1 of 3" + Environment.NewLine, written);
        // A line reported too late now fails where it is reported, inside the step, not on a pool thread.
        Assert.Throws<ObjectDisposedException>(() => progress.Report("late"));
    }
}
