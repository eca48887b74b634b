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

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "ALERT {Model}: {Metric} {Value:0.####} is below {Threshold:0.####} in run {RunId}; the model is not promoted")]
    public static partial void QualityAlertRaised(this ILogger logger, string model, string metric, double value, double threshold, string runId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Alert webhook at {Url} failed (status {Status}); its path is not logged because it may hold a secret")]
    public static partial void AlertWebhookFailed(this ILogger logger, Exception? exception, string url, int status);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Study {StudyId}: trial {Number} (attempt {Attempt}) claimed by {Worker}")]
    public static partial void TrialClaimed(this ILogger logger, long studyId, int number, int attempt, string worker);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Study {StudyId}: trial {Number} {State} with value {Value}")]
    public static partial void TrialFinished(this ILogger logger, long studyId, int number, Training.Tuning.TrialState state, double? value);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Study {StudyId}: trial {Number} attempt {Attempt} was lost (its lease ran out and another worker took it); its result is dropped")]
    public static partial void TrialLost(this ILogger logger, long studyId, int number, int attempt);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Study {StudyId}: renewing the lease of trial {Number} failed; trying again at the next beat")]
    public static partial void LeaseRenewalFailed(this ILogger logger, Exception exception, long studyId, int number);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Study {StudyId}: the pruner could not read the shared history for trial {Number}; not pruning")]
    public static partial void PruneCheckFailed(this ILogger logger, Exception exception, long studyId, int number);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Study {StudyId} is not in the store; its trial job ends")]
    public static partial void StudyMissing(this ILogger logger, long studyId);
}
