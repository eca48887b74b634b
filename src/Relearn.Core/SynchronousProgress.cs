namespace Relearn.Core;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread. <see cref="Progress{T}"/> posts each report
/// to the thread pool instead, so a report made just before a step returns can run after the step's log was closed and
/// crash the process with an unhandled <see cref="ObjectDisposedException"/> (seen in CI).
/// </summary>
/// <param name="report">Called for each report, synchronously; it must be thread-safe when reports come from several threads.</param>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
