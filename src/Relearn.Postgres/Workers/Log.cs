using Microsoft.Extensions.Logging;

namespace Relearn.Postgres.Workers;

/// <summary>Log messages of the Hangfire workers, with stable event ids (the 600s).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Debug, Message = "Run {RunId}: stage {Stage} enqueued as Hangfire job {JobId}")]
    public static partial void StageEnqueued(this ILogger logger, string runId, string stage, string jobId);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Run {RunId}: the worker running stage {Stage} stopped renewing its lease; dispatching the stage again")]
    public static partial void StageWorkerLost(this ILogger logger, string runId, string stage);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Run {RunId}: the Hangfire job of stage {Stage} ended {State}: {Reason}")]
    public static partial void StageJobFailed(this ILogger logger, string runId, string stage, string state, string reason);
}
