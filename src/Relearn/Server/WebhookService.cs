using Relearn.Core.Webhooks;

namespace Relearn.Server;

/// <summary>Delivers promotion webhooks while the server runs: registers the hooks at start, then a pass every poll interval.</summary>
internal sealed partial class WebhookService(WebhookDispatcher dispatcher, Microsoft.Extensions.Options.IOptions<WebhookDeliveryOptions> options,
    TimeProvider time, ILogger<WebhookService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (dispatcher.Enabled)
        {
            // Before the server answers: alias moves from now on reach every hook.
            await dispatcher.RegisterHooksAsync(cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dispatcher.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PassFailed(logger, e);
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 6020, Level = LogLevel.Error, Message = "A webhook delivery pass failed; undelivered events stay in the outbox")]
    private static partial void PassFailed(ILogger logger, Exception exception);
}
