using Microsoft.Extensions.Logging;

namespace Relearn.GitHub;

/// <summary>Every log message of Relearn.GitHub, with stable event ids (3000-3999: Ingest 3000, IssueClose 3100, ReviewAssist 3200, Bot 3300). Nothing here takes a token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Starting a {Mode} sync of {Repository} from {ApiUrl} (since {Since})")]
    public static partial void SyncStarted(this ILogger logger, string mode, string repository, string apiUrl, string? since);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Resuming the {Mode} sync of {Repository} at {Url}")]
    public static partial void SyncResumed(this ILogger logger, string mode, string repository, string? url);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Discarding the unfinished {Mode} sync of {Repository} for a full crawl")]
    public static partial void SyncDiscarded(this ILogger logger, string mode, string repository);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "GET {Url} -> 200, {Issues} issues, bronze {Digest}")]
    public static partial void PageStored(this ILogger logger, string url, int issues, string digest);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "GET {Url} -> 304 Not Modified")]
    public static partial void PageNotModified(this ILogger logger, string url);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "GitHub rate limit reached; waiting {Seconds:0} s until {Until:u}")]
    public static partial void RateLimitWait(this ILogger logger, double seconds, DateTimeOffset until);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "GET {Url} failed ({Reason}); try {Attempt} in {Seconds:0.##} s")]
    public static partial void RequestRetry(this ILogger logger, string url, string reason, int attempt, double seconds);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Skipped item {Index} of {Url}: {Reason}")]
    public static partial void IssueSkipped(this ILogger logger, int index, string url, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Synced {Repository}: {Requests} requests ({NotModified} not modified), {New} new, {Updated} updated, {Skipped} skipped; dataset {Dataset}")]
    public static partial void SyncFinished(this ILogger logger, string repository, int requests, int notModified, int @new, int updated, int skipped, string dataset);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Starting a {Mode} pulls sync of {Repository} from {ApiUrl}")]
    public static partial void PullSyncStarted(this ILogger logger, string mode, string repository, string apiUrl);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Resuming the pulls sync of {Repository}: {Queued} pull requests still to fetch")]
    public static partial void PullSyncResumed(this ILogger logger, string repository, int queued);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Fetched {Repository}#{Number}: {FilePages} pages of files, {CommentPages} pages of review comments")]
    public static partial void PullFetched(this ILogger logger, string repository, long number, int filePages, int commentPages);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Skipped {What}")]
    public static partial void PullItemSkipped(this ILogger logger, string what);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Synced the pull requests of {Repository}: {Requests} requests ({NotModified} not modified), {Fetched} pull requests fetched, {Aligned} of {Comments} review comments aligned; dataset {Dataset}")]
    public static partial void PullSyncFinished(this ILogger logger, string repository, int requests, int notModified, int fetched, int aligned, int comments, string dataset);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "The review comment generator at {Endpoint} failed ({Reason}); answering with retrieval suggestions only")]
    public static partial void GeneratorFailed(this ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "The review comment generator at {Endpoint} took over {Seconds} s; answering with retrieval suggestions only")]
    public static partial void GeneratorTimedOut(this ILogger logger, string endpoint, int seconds);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Posted a review of {Repository}#{Number} at {Head} with {Comments} comments")]
    public static partial void BotPosted(this ILogger logger, string repository, long number, string head, int comments);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Dry run (no Relearn:GitHub:Token): would review {Repository}#{Number} at {Head} with {Comments} comments")]
    public static partial void BotDryRun(this ILogger logger, string repository, long number, string head, int comments);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Delivery {Delivery} was handled before; ignored")]
    public static partial void BotDuplicateDelivery(this ILogger logger, string delivery);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "{Repository}#{Number} at {Head} was reviewed before; ignored")]
    public static partial void BotAlreadyReviewed(this ILogger logger, string repository, long number, string head);
}
