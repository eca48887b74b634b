using System.Data.Common;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Serving;
using Relearn.Server;
using Relearn.Server.Mlflow;

namespace Relearn.Errors;

/// <summary>
/// The one table from exception to answer, read by the <c>/api/v1</c> problem handler, the MLflow API, the serving
/// metrics and the CLI alike: caller mistakes are 4xx with their one-line message and exit code 1; a store that cannot
/// be reached is a retryable 503; anything else is a 500 whose details stay in the log, or exit code 2.
/// </summary>
internal static class ErrorClassification
{
    private const string SeeTheLog = "the server failed; see its log";

    public static readonly ErrorClass InvalidInput = new(StatusCodes.Status400BadRequest, "Invalid request", "INVALID_PARAMETER_VALUE", StatusCodes.Status400BadRequest, 1, Public: true);
    public static readonly ErrorClass NotFound = new(StatusCodes.Status404NotFound, "Not found", "RESOURCE_DOES_NOT_EXIST", StatusCodes.Status404NotFound, 1, Public: true);
    public static readonly ErrorClass Conflict = new(StatusCodes.Status409Conflict, "Conflict", "RESOURCE_CONFLICT", StatusCodes.Status409Conflict, 1, Public: true);
    public static readonly ErrorClass TooLarge = new(StatusCodes.Status413PayloadTooLarge, "Request body too large", "BAD_REQUEST", StatusCodes.Status400BadRequest, 1, Public: true);
    public static readonly ErrorClass UnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "BAD_REQUEST", StatusCodes.Status400BadRequest, 1, Public: true);
    public static readonly ErrorClass Cancelled = new(StatusCodes.Status503ServiceUnavailable, "Cancelled", "TEMPORARILY_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, 130, Public: false, "the request was cancelled; try again");
    /// <summary>The micro-batch queue is full: retry after the <c>Retry-After</c> the answer carries.</summary>
    public static readonly ErrorClass ServerBusy = new(StatusCodes.Status503ServiceUnavailable, "Server busy", "TEMPORARILY_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, 1, Public: true);
    public static readonly ErrorClass StoreUnavailable = new(StatusCodes.Status503ServiceUnavailable, "Store unavailable", "TEMPORARILY_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, 1, Public: false, "a store is unavailable; try again later");
    public static readonly ErrorClass Corrupt = new(StatusCodes.Status500InternalServerError, "Stored data is corrupt", "INTERNAL_ERROR", StatusCodes.Status500InternalServerError, 1, Public: false, "stored data failed an integrity check; see the server's log");
    /// <summary>A local fault the CLI user can act on (a setting, a permission), but a server fault over HTTP.</summary>
    public static readonly ErrorClass LocalFault = new(StatusCodes.Status500InternalServerError, "Internal error", "INTERNAL_ERROR", StatusCodes.Status500InternalServerError, 1, Public: false, SeeTheLog);
    public static readonly ErrorClass Unexpected = new(StatusCodes.Status500InternalServerError, "Internal error", "INTERNAL_ERROR", StatusCodes.Status500InternalServerError, 2, Public: false, SeeTheLog);

    /// <summary>The class of <paramref name="exception"/>.</summary>
    public static ErrorClass Classify(Exception exception) => exception switch
    {
        MlflowException e => new(e.Status, e.Status == StatusCodes.Status404NotFound ? "Not found" : "Invalid request", e.ErrorCode, e.Status, 1, Public: true),
        RelearnException { Kind: RelearnErrorKind.InvalidInput } => InvalidInput,
        RelearnException { Kind: RelearnErrorKind.NotFound } => NotFound,
        RelearnException { Kind: RelearnErrorKind.Conflict } => Conflict,
        RelearnException { Kind: RelearnErrorKind.Corrupt } => Corrupt,
        RequestTooLargeException => TooLarge,
        UnsupportedMediaTypeException => UnsupportedMediaType,
        BadHttpRequestException bad => bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge
            : InvalidInput with { Status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, MlflowCode = "BAD_REQUEST" },
        ServerBusyException => ServerBusy,
        OperationCanceledException => Cancelled,
        // A store that cannot be reached (S3 down, disk gone, database not answering) is the server's trouble, and temporary.
        IOException or DbException => StoreUnavailable,
        OptionsValidationException or UnauthorizedAccessException => LocalFault,
        _ => Unexpected,
    };

    /// <summary>The one line the CLI prints for <paramref name="exception"/> (a local user sees the reason, not a stack trace).</summary>
    public static string CliMessage(Exception exception, ErrorClass error) => ErrorClass.OneLine(exception switch
    {
        OperationCanceledException => "cancelled",
        DbException => $"the metadata store is unavailable: {exception.Message}",
        _ when error == Unexpected => $"unexpected {exception.GetType().Name}: {exception.Message}",
        _ => exception.Message,
    });
}
