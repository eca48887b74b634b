using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Monitoring;
using Relearn.Core.Registry;

namespace Relearn.Server.Monitoring;

/// <summary>
/// Checks every version an alias points at (drift of the window, labelled metrics) every
/// <see cref="MonitoringOptions.CheckInterval"/>; each check is a tracking run and feeds the <c>/metrics</c> gauges.
/// A failing check is logged and the next model is checked: monitoring never takes the server down.
/// </summary>
internal sealed class MonitoringChecks(ModelMonitor monitor, IModelRegistryStore registry, IOptions<MonitoringOptions> options, TimeProvider time,
    ILogger<MonitoringChecks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        var window = MonitorWindow.Since(MonitorWindow.ParseSpan(options.Value.Window));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await CheckAllAsync(window, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckAllAsync(MonitorWindow window, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegisteredModel> models;
        try
        {
            models = await registry.ListModelsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.MonitoringCheckFailed(e, "(listing models)");
            return;
        }
        foreach (var model in models)
        {
            foreach (var version in model.Aliases.Values.Distinct())
            {
                try
                {
                    await monitor.CheckAsync(new ModelReference(model.Name, null, version), window, options.Value.Labels, cancellationToken: cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.MonitoringCheckFailed(e, model.Name);
                }
            }
        }
    }
}

internal static partial class MonitoringLog
{
    [LoggerMessage(EventId = 6070, Level = LogLevel.Warning, Message = "Scheduled monitoring check of {Model} failed; its gauges keep their last values")]
    public static partial void MonitoringCheckFailed(this ILogger logger, Exception exception, string model);
}
