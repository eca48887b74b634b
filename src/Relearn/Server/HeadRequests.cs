namespace Relearn.Server;

/// <summary>
/// Answers <c>HEAD</c> wherever <c>GET</c> is served (<c>/</c>, <c>/ui</c>, the API, the docs), as HTTP requires and
/// monitors expect: the request is routed as a GET, and the server sends the GET's headers without its body.
/// </summary>
internal static class HeadRequests
{
    /// <summary>Must run before routing, so the GET endpoint is the one chosen.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // Kestrel keeps the method it parsed (HEAD) for the response, so nothing after the headers is sent.
            context.Request.Method = HttpMethods.Get;
        }
        return next(context);
    });
}
