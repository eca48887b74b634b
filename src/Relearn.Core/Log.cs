using Microsoft.Extensions.Logging;

namespace Relearn.Core;

/// <summary>Every log message of Relearn.Core, with stable event ids by area (docs/configuration.md, Log event ids, lists the ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Validated {Data} against suite {Suite}: {Met} of {Evaluated} expectations met (tracking run {RunId}, data docs {Page})")]
    public static partial void SuiteValidated(this ILogger logger, string data, string suite, int met, int evaluated, string runId, string page);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} in {Milliseconds:0} ms")]
    public static partial void ModelLoaded(this ILogger logger, string model, int version, double milliseconds);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Alias {Model}@{Alias} now serves version {Version} (was {Previous})")]
    public static partial void AliasSwapped(this ILogger logger, string model, string alias, int previous, int version);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Alias {Model}@{Alias} now serves version {Version} (first load)")]
    public static partial void AliasFirstLoaded(this ILogger logger, string model, string alias, int version);

    /// <summary>Logs an alias move, naming the previous version only when there was one (issue: "(was )" on a first load).</summary>
    public static void AliasServes(this ILogger logger, string model, string alias, int? previous, int version)
    {
        if (previous is { } was)
        {
            logger.AliasSwapped(model, alias, was, version);
        }
        else
        {
            logger.AliasFirstLoaded(model, alias, version);
        }
    }

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "Loading model {Model} version {Version} failed; still serving the previous version")]
    public static partial void ModelLoadFailed(this ILogger logger, Exception? exception, string model, int version);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Error, Message = "Writing the prediction log failed; {Count} records lost")]
    public static partial void PredictionLogWriteFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1580, Level = LogLevel.Warning, Message = "ALERT {Model}: {Metric} {Value:0.####} is {Direction} {Threshold:0.####} in run {RunId}; the model is not promoted")]
    public static partial void QualityAlertRaised(this ILogger logger, string model, string metric, double value, string direction, double threshold, string runId);

    [LoggerMessage(EventId = 1581, Level = LogLevel.Error, Message = "Alert webhook at {Url} failed (status {Status}); its path is not logged because it may hold a secret")]
    public static partial void AlertWebhookFailed(this ILogger logger, Exception? exception, string url, int status);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Pipeline run {RunId} stage {Stage}: retrying as attempt {Attempt} in {Seconds:0.###} s")]
    public static partial void StageRetrying(this ILogger logger, string runId, string stage, int attempt, double seconds);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Pipeline run {RunId} stage {Stage} attempt {Attempt} failed: {Error}")]
    public static partial void StageFailed(this ILogger logger, Exception? exception, string runId, string stage, int attempt, string error);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Pipeline run {RunId} stage {Stage} attempt {Attempt} lost its lease to another owner; its result is not recorded")]
    public static partial void StageLeaseLost(this ILogger logger, string runId, string stage, int attempt);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Pipeline run {RunId}: the lease holder {Owner} is provably dead; taking over")]
    public static partial void DeadOwnerExpired(this ILogger logger, string runId, string owner);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Study {StudyId}: trial {Number} (attempt {Attempt}) claimed by {Worker}")]
    public static partial void TrialClaimed(this ILogger logger, long studyId, int number, int attempt, string worker);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Study {StudyId}: trial {Number} {State} with value {Value}")]
    public static partial void TrialFinished(this ILogger logger, long studyId, int number, Training.Tuning.TrialState state, double? value);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Study {StudyId}: trial {Number} attempt {Attempt} was lost (its lease ran out and another worker took it); its result is dropped")]
    public static partial void TrialLost(this ILogger logger, long studyId, int number, int attempt);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Study {StudyId}: renewing the lease of trial {Number} failed; trying again at the next beat")]
    public static partial void LeaseRenewalFailed(this ILogger logger, Exception exception, long studyId, int number);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Study {StudyId}: the pruner could not read the shared history for trial {Number}; not pruning")]
    public static partial void PruneCheckFailed(this ILogger logger, Exception exception, long studyId, int number);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Warning, Message = "Study {StudyId} is not in the store; its trial job ends")]
    public static partial void StudyMissing(this ILogger logger, long studyId);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Information, Message = "Pipeline {Pipeline} schedule {Schedule}: starting the occurrence {Occurrence:O} as run {RunId}")]
    public static partial void ScheduledRunStarted(this ILogger logger, string pipeline, string schedule, DateTimeOffset occurrence, string runId);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} schedule {Schedule}: missed occurrences up to {Occurrence:O}; policy {Policy}")]
    public static partial void ScheduleMissed(this ILogger logger, string pipeline, string schedule, DateTimeOffset occurrence, string policy);

    [LoggerMessage(EventId = 1522, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} schedule {Schedule}: the occurrence {Occurrence:O} was not started: {Reason}")]
    public static partial void ScheduledRunNotStarted(this ILogger logger, string pipeline, string schedule, DateTimeOffset occurrence, string reason);

    [LoggerMessage(EventId = 1523, Level = LogLevel.Error, Message = "The pipeline scheduler failed a pass; it tries again shortly")]
    public static partial void SchedulerPassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1524, Level = LogLevel.Warning, Message = "Pipeline run {RunId} ended with an error in the background: {Error}")]
    public static partial void BackgroundRunFailed(this ILogger logger, Exception? exception, string runId, string error);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Building the reference profile of {Model} version {Version} failed; it will be built at the first drift check")]
    public static partial void ReferenceProfileFailed(this ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(EventId = 1750, Level = LogLevel.Information, Message = "Rollout of {Model} version {Challenger} against version {Champion} started: {Mode} with share {Share}")]
    public static partial void RolloutStarted(this ILogger logger, string model, int challenger, int champion, string mode, double share);

    [LoggerMessage(EventId = 1751, Level = LogLevel.Information, Message = "Rollout of {Model} version {Challenger} ended: {Decision} ({Reason})")]
    public static partial void RolloutDecided(this ILogger logger, string model, int challenger, string decision, string reason);

    [LoggerMessage(EventId = 1752, Level = LogLevel.Warning, Message = "Rollout pass failed; trying again next pass")]
    public static partial void RolloutPassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1753, Level = LogLevel.Information, Message = "Retraining {Model} ({Trigger})")]
    public static partial void RetrainStarted(this ILogger logger, string model, string trigger);

    [LoggerMessage(EventId = 1754, Level = LogLevel.Information, Message = "Retraining {Model} finished: {Outcome}")]
    public static partial void RetrainFinished(this ILogger logger, string model, string outcome);

    [LoggerMessage(EventId = 1755, Level = LogLevel.Warning, Message = "Drift trigger of {Model} not checked: {Reason}")]
    public static partial void DriftTriggerUnchecked(this ILogger logger, string model, string reason);
}
