using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Relearn.Core;
using Relearn.Core.Serving;

namespace Relearn.Server;

/// <summary>Thrown when a request body is larger than the configured limit.</summary>
internal sealed class RequestTooLargeException(long limit)
    : Exception($"the request body is larger than the limit of {limit} bytes")
{
}

/// <summary>Thrown when a request body is not JSON.</summary>
internal sealed class UnsupportedMediaTypeException(string? contentType)
    : Exception($"expected Content-Type application/json, got '{contentType ?? "none"}'")
{
}

/// <summary>
/// The one place exceptions become HTTP answers: caller mistakes are 4xx problem+json with the one-line
/// message; anything else is a 500 whose details stay in the log.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            RelearnException { Kind: RelearnErrorKind.NotFound } => (StatusCodes.Status404NotFound, "Not found"),
            RelearnException { Kind: RelearnErrorKind.Conflict } => (StatusCodes.Status409Conflict, "Conflict"),
            RelearnException { Kind: RelearnErrorKind.InvalidInput } => (StatusCodes.Status400BadRequest, "Invalid request"),
            RequestTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
            UnsupportedMediaTypeException => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            ServerBusyException => (StatusCodes.Status503ServiceUnavailable, "Server busy"),
            // A store that cannot be reached (S3 down, disk gone) is the server's trouble, and temporary.
            IOException or System.Data.Common.DbException => (StatusCodes.Status503ServiceUnavailable, "Store unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        httpContext.Response.StatusCode = status;
        if (exception is ServerBusyException busy)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = status switch
                {
                    StatusCodes.Status500InternalServerError => "the server failed; see its log",
                    StatusCodes.Status503ServiceUnavailable when exception is not ServerBusyException => "a store is unavailable; try again later",
                    _ => exception.Message,
                },
            },
        });
    }
}
