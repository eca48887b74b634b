using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Relearn.Errors;

namespace Relearn.Server;

/// <summary>
/// Logs a request the server failed (a 5xx), once, with the trace id the caller's answer carries, the route and the
/// exception, so "see its log" always finds a line.
/// </summary>
internal static partial class ServerFaults
{
    /// <summary>The id the answer names: the W3C trace id of the request's activity, else the connection's request id (as problem+json's traceId).</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>Logs <paramref name="exception"/> when <paramref name="error"/> is the server's fault.</summary>
    public static void LogIfServerFault(HttpContext context, Exception exception, ErrorClass error)
    {
        if (!error.IsServerFault)
        {
            return;
        }
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Relearn.Server");
        // The exception handler clears the endpoint before it runs; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        RequestFailed(logger, exception, context.Request.Method, route, context.Request.Path.Value ?? "", error.Status, TraceId(context));
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Error, Message = "{Method} {Route} ({Path}) failed with {Status}; traceId {TraceId}")]
    private static partial void RequestFailed(ILogger logger, Exception exception, string method, string route, string path, int status, string traceId);
}
