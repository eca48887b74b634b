using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Relearn.Core.Serving;
using Relearn.Errors;

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
/// Turns exceptions that leave an endpoint into problem+json by <see cref="ErrorClassification"/>: caller mistakes
/// are 4xx with the one-line message; server faults are logged once with their trace id and answer no internals.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = ErrorClassification.Classify(exception);
        ServerFaults.LogIfServerFault(httpContext, exception, error);
        httpContext.Response.StatusCode = error.Status;
        if (exception is ServerBusyException busy)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = error.Status, Title = error.Title, Detail = error.MessageFor(exception) },
        });
    }
}
