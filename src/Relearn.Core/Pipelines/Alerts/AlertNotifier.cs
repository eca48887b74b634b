using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Relearn.Core.Pipelines.Alerts;

/// <summary>
/// Raises alerts: always to the log, and to a webhook when one is configured (a JSON POST). Notifying never
/// fails the caller: a webhook that is down is logged and the alert still stands in the log and the run.
/// </summary>
public sealed class AlertNotifier(HttpClient http, ILogger<AlertNotifier> logger)
{
    /// <summary>Logs the alert and POSTs it to <paramref name="webhook"/> if given; true when every channel took it.</summary>
    public async Task<bool> NotifyAsync(QualityAlert alert, Uri? webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        logger.QualityAlertRaised(alert.Model, alert.Metric, alert.Value, alert.Direction, alert.Threshold, alert.RunId);
        if (webhook is null)
        {
            return true;
        }
        try
        {
            using var response = await http.PostAsJsonAsync(webhook, new
            {
                @event = "relearn.quality_alert",
                model = alert.Model,
                run_id = alert.RunId,
                metric = alert.Metric,
                value = alert.Value,
                threshold = alert.Threshold,
                direction = alert.Direction,
                at = alert.At,
                message = alert.Message,
            }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.AlertWebhookFailed(null, webhook.GetLeftPart(UriPartial.Authority), (int)response.StatusCode);
                return false;
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.AlertWebhookFailed(e, webhook.GetLeftPart(UriPartial.Authority), 0);
            return false;
        }
    }
}
