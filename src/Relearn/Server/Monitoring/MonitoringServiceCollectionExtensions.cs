using Relearn.Core.Monitoring;

namespace Relearn.Server.Monitoring;

/// <summary>Scheduled monitoring checks and their <c>/metrics</c> gauges in <c>relearn serve</c>.</summary>
internal static class MonitoringServiceCollectionExtensions
{
    public static IServiceCollection AddRelearnMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations()
            .Validate(o => TryWindow(o.Window), "Relearn:Monitoring:Window must be a span such as 30m, 24h or 7d").ValidateOnStart();
        services.AddSingleton<MonitoringMetrics>();
        services.AddHostedService<MonitoringChecks>();
        return services;
    }

    private static bool TryWindow(string window)
    {
        try
        {
            MonitorWindow.ParseSpan(window);
            return true;
        }
        catch (Relearn.Core.RelearnException)
        {
            return false;
        }
    }
}
