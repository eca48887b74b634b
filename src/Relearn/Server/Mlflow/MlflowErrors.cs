using System.Text.Json.Nodes;
using Relearn.Errors;

namespace Relearn.Server.Mlflow;

/// <summary>
/// Turns exceptions into MLflow's error body <c>{"error_code": ..., "message": ...}</c> with MLflow's statuses, by
/// <see cref="ErrorClassification"/>; server faults are logged once and name their trace id instead of internals.
/// </summary>
internal static class MlflowErrors
{
    public static IResult ToResult(HttpContext context, Exception exception)
    {
        var error = ErrorClassification.Classify(exception);
        ServerFaults.LogIfServerFault(context, exception, error);
        var message = error.IsServerFault ? $"{error.MessageFor(exception)} (traceId {ServerFaults.TraceId(context)})" : error.MessageFor(exception);
        return Body(error.MlflowCode, error.MlflowStatus, message);
    }

    public static IResult Body(string code, int status, string message) =>
        Results.Content(new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString(), "application/json", null, status);
}
