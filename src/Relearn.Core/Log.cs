using Microsoft.Extensions.Logging;

namespace Relearn.Core;

/// <summary>Every log message of Relearn.Core, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} in {Milliseconds:0} ms")]
    public static partial void ModelLoaded(this ILogger logger, string model, int version, double milliseconds);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Alias {Model}@{Alias} now serves version {Version} (was {Previous})")]
    public static partial void AliasSwapped(this ILogger logger, string model, string alias, int? previous, int version);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Loading model {Model} version {Version} failed; still serving the previous version")]
    public static partial void ModelLoadFailed(this ILogger logger, Exception? exception, string model, int version);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Writing the prediction log failed; {Count} records lost")]
    public static partial void PredictionLogWriteFailed(this ILogger logger, Exception exception, int count);
}
