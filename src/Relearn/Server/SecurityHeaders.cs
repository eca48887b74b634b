using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Relearn.Server;

/// <summary>
/// The headers browsers expect on every answer: <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c>,
/// <c>Referrer-Policy: no-referrer</c>, and a <c>Content-Security-Policy</c>. Relearn's own pages get a policy that
/// allows their own scripts by hash and nothing from elsewhere; the API docs get the same without inline scripts; API
/// answers get one that allows nothing at all.
/// </summary>
internal static partial class SecurityHeaders
{
    /// <summary>For answers that are data, not pages: nothing may load or frame them.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The API docs (Swagger UI): its own scripts and styles, data: icons, the OpenAPI document from this server.</summary>
    public static readonly string DocsPolicy = PagePolicy("");

    private const string DocsPath = "/docs";

    /// <summary>
    /// The policy of one page: scripts only from this server or inline blocks whose SHA-256 is listed (so an injected
    /// script cannot run), styles from this server or inline (the pages set style attributes), fetches to this server only.
    /// </summary>
    public static string PagePolicy(string html)
    {
        var hashes = InlineScript().Matches(html)
            .Select(m => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
            .Distinct(StringComparer.Ordinal);
        return $"default-src 'none'; script-src 'self'{string.Concat(hashes)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /// <summary>Maps a GET page that answers <paramref name="html"/> under its own <see cref="PagePolicy"/>.</summary>
    public static RouteHandlerBuilder MapPage(this IEndpointRouteBuilder app, string route, string html)
    {
        var policy = PagePolicy(html);
        return app.MapGet(route, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = policy;
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
    }

    /// <summary>Adds the headers to every answer; a policy an endpoint set stays.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
                if (context.Request.Path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = DocsPolicy;
                }
                else if (!html)
                {
                    // Other HTML (the Hangfire dashboard) brings its own scripts; everything else is data.
                    headers.ContentSecurityPolicy = DataPolicy;
                }
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
