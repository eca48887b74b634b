using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Webhooks;

namespace Relearn.Cli;

/// <summary><c>relearn webhooks deliveries</c>: the promotion webhook delivery log.</summary>
internal static class WebhooksCommand
{
    public static Command Create() => new("webhooks", "Promotion webhooks") { Deliveries() };

    private static Command Deliveries()
    {
        var limit = new Option<int>("--limit") { Description = "Most recent attempts to show", DefaultValueFactory = _ => 100 };
        var format = CliContext.Format();
        var command = new Command("deliveries", "Every delivery attempt, newest first: hook, event, status, error (URLs and secrets are never stored)") { limit, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var deliveries = await services.GetRequiredService<IWebhookStore>().ListDeliveriesAsync(parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(deliveries);
                return 0;
            }
            Output.Table(["when", "hook", "event", "alias", "version", "action", "attempt", "status", "delivered", "error"], deliveries.Select(d => new[]
            {
                Output.Time(d.AttemptedAt), d.Hook, WebhookPayload.EventId(d.AuditId), $"{d.Model}@{d.Alias}",
                d.Version?.ToString(CultureInfo.InvariantCulture) ?? "-", d.Action, d.Attempt.ToString(CultureInfo.InvariantCulture),
                d.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-", Output.Time(d.DeliveredAt), d.Error ?? "",
            }));
            return 0;
        });
        return command;
    }
}
