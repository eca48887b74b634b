using Microsoft.Extensions.Options;
using Octokit.Webhooks;
using Octokit.Webhooks.AspNetCore;
using Relearn.GitHub.Bot;

namespace Relearn.Server;

/// <summary>
/// <c>POST /webhooks/github</c>: GitHub's deliveries for the review bot, parsed and signature-checked by
/// Octokit.Webhooks.AspNetCore with <c>Relearn:GitHub:WebhookSecret</c>. Without a secret every delivery is refused
/// with 401: an unsigned endpoint would let anyone make the bot post.
/// </summary>
internal static class GitHubWebhookEndpoints
{
    public const string Path = "/webhooks/github";

    /// <summary>Set in <c>HttpContext.Items</c> by the processor when it ignores a delivery (answered 202).</summary>
    public const string IgnoredItem = "relearn.github.ignored";

    public static IServiceCollection AddGitHubWebhooks(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<WebhookEventProcessor, ReviewBotWebhookProcessor>();
        return services;
    }

    public static IEndpointRouteBuilder MapGitHubWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var secret = app.ServiceProvider.GetRequiredService<IOptions<ReviewBotOptions>>().Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            app.MapPost(Path, () => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "Relearn:GitHub:WebhookSecret is not set, so no delivery can be verified"))
                .ExcludeFromDescription();
        }
        else
        {
            var endpoint = app.MapGitHubWebhooks(Path, secret);
            endpoint.Add(builder =>
            {
                // The library answers a bad signature with 400 and every handled delivery with 200; its answer is buffered
                // so a caller that failed authentication gets 401 and an ignored event 202.
                var inner = builder.RequestDelegate!;
                builder.RequestDelegate = async context =>
                {
                    var wellFormed = context.Request.HasJsonContentType() && context.Request.Headers.ContainsKey("X-GitHub-Event");
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await inner(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                    if (wellFormed && context.Response.StatusCode == StatusCodes.Status400BadRequest)
                    {
                        context.Response.Clear();
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                        {
                            HttpContext = context,
                            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = "the X-Hub-Signature-256 signature is missing or does not match Relearn:GitHub:WebhookSecret" },
                        });
                        return;
                    }
                    if (context.Items.ContainsKey(IgnoredItem) && context.Response.StatusCode == StatusCodes.Status200OK)
                    {
                        context.Response.StatusCode = StatusCodes.Status202Accepted;
                    }
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original, context.RequestAborted);
                };
            });
            endpoint.ExcludeFromDescription();
        }
        return app;
    }
}
