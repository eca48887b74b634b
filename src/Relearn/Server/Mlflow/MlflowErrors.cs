using System.Text.Json.Nodes;
using Relearn.Core;

namespace Relearn.Server.Mlflow;

/// <summary>
/// Turns exceptions into MLflow's error body <c>{"error_code": ..., "message": ...}</c> with MLflow's statuses:
/// caller mistakes are 4xx with the one-line message, a store that is down is 503, anything else a 500 whose
/// details stay in the log.
/// </summary>
internal static class MlflowErrors
{
    public static IResult ToResult(Exception exception, ILogger logger)
    {
        var (code, status, message) = exception switch
        {
            MlflowException e => (e.ErrorCode, e.Status, e.Message),
            RelearnException { Kind: RelearnErrorKind.NotFound } e => ("RESOURCE_DOES_NOT_EXIST", StatusCodes.Status404NotFound, e.Message),
            RelearnException { Kind: RelearnErrorKind.InvalidInput } e => ("INVALID_PARAMETER_VALUE", StatusCodes.Status400BadRequest, e.Message),
            RelearnException { Kind: RelearnErrorKind.Conflict } e => ("RESOURCE_CONFLICT", StatusCodes.Status409Conflict, e.Message),
            RequestTooLargeException e => ("BAD_REQUEST", StatusCodes.Status400BadRequest, e.Message),
            BadHttpRequestException e => ("BAD_REQUEST", StatusCodes.Status400BadRequest, e.Message),
            IOException or System.Data.Common.DbException => ("TEMPORARILY_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, "a store is unavailable; try again later"),
            _ => ("INTERNAL_ERROR", StatusCodes.Status500InternalServerError, "the server failed; see its log"),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "MLflow API request failed");
        }
        return Body(code, status, message);
    }

    public static IResult Body(string code, int status, string message) =>
        Results.Content(new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString(), "application/json", null, status);
}
