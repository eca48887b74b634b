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
internal static class HangfireDashboard
{
    public const string Path = "/hangfire";

    public static WebApplication MapHangfireDashboard(this WebApplication app, RelearnLocation location)
    {
        if (location.IsPostgres)
        {
            var tokens = app.Services.GetRequiredService<AccessTokens>();
            app.UseHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new AdminOnly(tokens)],
                DashboardTitle = "Relearn workers",
                AppPath = "/",
            }, app.Services.GetRequiredService<JobStorage>());
        }
        return app;
    }

    /// <summary>Open when the server is (no tokens, loopback only); otherwise only to a caller the middleware let in as admin.</summary>
    private sealed class AdminOnly(AccessTokens tokens) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            tokens.Open || context.GetHttpContext().User.IsInRole(nameof(AccessRole.Admin).ToLowerInvariant());
    }
}
