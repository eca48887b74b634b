using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Relearn.Server;

/// <summary>
/// <c>/health/ready</c>'s body: the overall status and each check's status and description, so an operator sees
/// which production model is still loading or failed to load. The status code stays the framework's (503 only
/// when Unhealthy).
/// </summary>
internal static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new JsonObject { ["status"] = entry.Status.ToString(), ["description"] = entry.Description };
        }
        var body = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
