using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Relearn.Server.Access;

/// <summary>
/// Checks every request's bearer token against the role <see cref="AccessPolicy"/> gives it: 401 without a known
/// token (with <c>WWW-Authenticate: Bearer</c>), 403 when its role is too low, both problem+json. With no tokens
/// configured (loopback only) everything is open. The caller's token name becomes <c>HttpContext.User</c>.
/// </summary>
internal sealed class AccessControlMiddleware(RequestDelegate next, AccessTokens tokens, IProblemDetailsService problems, ILogger<AccessControlMiddleware> logger)
{
    /// <summary>Claim type of the caller's role.</summary>
    public const string RoleClaim = ClaimTypes.Role;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var required = AccessPolicy.Required(request.Method, request.Path);
        if (required is null || tokens.Open)
        {
            await next(context);
            return;
        }
        var presented = BearerToken(request.Headers.Authorization.ToString());
        if (presented is null)
        {
            logger.Unauthenticated(request.Method, request.Path, "no bearer token");
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "send a token as Authorization: Bearer TOKEN", "Bearer");
            return;
        }
        var token = tokens.Find(presented);
        if (token is null)
        {
            logger.Unauthenticated(request.Method, request.Path, "unknown bearer token");
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "the bearer token is not valid", "Bearer error=\"invalid_token\"");
            return;
        }
        if (token.Role < required)
        {
            logger.Forbidden(request.Method, request.Path, token.Name, token.Role, required.Value);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                $"{request.Method} {request.Path} needs the {Name(required.Value)} role; token '{token.Name}' has {Name(token.Role)}", null);
            return;
        }
        logger.Authorized(request.Method, request.Path, token.Name, token.Role);
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, token.Name), new Claim(RoleClaim, Name(token.Role))], "Bearer"));
        await next(context);
    }

    private static string? BearerToken(string header)
    {
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header[scheme.Length..].Trim() is { Length: > 0 } token ? token : null;
    }

    private static string Name(AccessRole role) => role.ToString().ToLowerInvariant();

    private async Task RefuseAsync(HttpContext context, int status, string title, string detail, string? challenge)
    {
        context.Response.StatusCode = status;
        if (challenge is not null)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
