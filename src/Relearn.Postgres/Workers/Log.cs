using Microsoft.Extensions.Logging;

namespace Relearn.Postgres.Workers;

/// <summary>Log messages of the Hangfire workers, with stable event ids (4000-4099, in Relearn.Postgres's 4000-4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Run {RunId}: stage {Stage} enqueued as Hangfire job {JobId}")]
    public static partial void StageEnqueued(this ILogger logger, string runId, string stage, string jobId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Run {RunId}: the worker running stage {Stage} stopped renewing its lease; dispatching the stage again")]
    public static partial void StageWorkerLost(this ILogger logger, string runId, string stage);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Run {RunId}: the Hangfire job of stage {Stage} ended {State}: {Reason}")]
    public static partial void StageJobFailed(this ILogger logger, string runId, string stage, string state, string reason);
}
