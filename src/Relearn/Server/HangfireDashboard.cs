using Hangfire;
using Hangfire.Dashboard;
using Relearn.Core.Hosting;
using Relearn.Server.Access;

namespace Relearn.Server;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c> when the store is PostgreSQL: queued, running and failed jobs and the
/// live workers. <see cref="AccessPolicy"/> makes every path under it admin-only; the dashboard's own filter checks
/// again, so it never falls back to Hangfire's default (open to any local request) when tokens are configured.
/// </summary>
internal static partial class HangfireDashboard
{
    public const string Path = "/hangfire";

    public static WebApplication MapHangfireDashboard(this WebApplication app, RelearnLocation location)
    {
        if (location.IsPostgres && Storage(app) is { } storage)
        {
            var tokens = app.Services.GetRequiredService<AccessTokens>();
            app.UseHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new AdminOnly(tokens)],
                DashboardTitle = "Relearn workers",
                AppPath = "/",
            }, storage);
        }
        return app;
    }

    // The dashboard needs Hangfire's storage when the pipeline is built; a database down at start-up must not keep
    // the server from serving models (its readiness probe reports the store), so it goes without the dashboard.
    private static JobStorage? Storage(WebApplication app)
    {
        try
        {
            return app.Services.GetRequiredService<JobStorage>();
        }
        catch (System.Data.Common.DbException e)
        {
            app.Logger.DashboardUnavailable(e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 6040, Level = LogLevel.Warning, Message = "The job dashboard at /hangfire is off: the metadata store did not answer at start-up ({Reason}); restart relearn serve once it does")]
    private static partial void DashboardUnavailable(this ILogger logger, string reason);

    /// <summary>Open when the server is (no tokens, loopback only); otherwise only to a caller the middleware let in as admin.</summary>
    private sealed class AdminOnly(AccessTokens tokens) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            tokens.Open || context.GetHttpContext().User.IsInRole(nameof(AccessRole.Admin).ToLowerInvariant());
    }
}
