namespace Relearn.Cli;

/// <summary>
/// Keeps a host's start-up refusals to the CLI's one line: while the host starts, the generic host's own error log of
/// a failed start (a multi-line entry with a stack trace) is held back, because the verb prints the reason itself.
/// Once started, the host logs as usual (a background service that fails later is still logged).
/// </summary>
internal sealed class HostStartup
{
    /// <summary>The category the generic host logs its start-up failures under.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private volatile bool _started;

    /// <summary>Adds the filter to a host's logging.</summary>
    public void Attach(ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => _started || level < LogLevel.Error);

    /// <summary>Starts <paramref name="host"/>; a refusal throws to the caller, unlogged.</summary>
    public async Task StartAsync(IHost host, CancellationToken cancellationToken)
    {
        await host.StartAsync(cancellationToken);
        _started = true;
    }
}
