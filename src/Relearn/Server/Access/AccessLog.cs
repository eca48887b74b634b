namespace Relearn.Server.Access;

/// <summary>Log messages of access control (event ids 6010-6019); they name the token's holder, never the token.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void Unauthenticated(this ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Refused {Method} {Path} to token {Token}: it has role {Role}, the request needs {Required}")]
    public static partial void Forbidden(this ILogger logger, string method, string path, string token, AccessRole role, AccessRole required);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Debug, Message = "{Method} {Path} by token {Token} ({Role})")]
    public static partial void Authorized(this ILogger logger, string method, string path, string token, AccessRole role);
}
