using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist.Generation;

/// <summary>
/// An OpenAI-compatible endpoint on Kestrel (127.0.0.1, a free port) replaying the recorded chat-completions exchange in
/// <c>Recordings/openai-dotnet/MultiMessageChatAsync.json</c>: <c>POST /v1/chat/completions</c> answers with the recorded status,
/// content type and body, whatever was asked, and keeps each request body. Tests can hold answers back or make it fail.
/// </summary>
public sealed class FakeChatEndpoint : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The recorded assistant answer.</summary>
    public static string RecordedAnswer => (string)Recorded()["ResponseBody"]!["choices"]![0]!["message"]!["content"]!;

    /// <summary>The API root to configure, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The chat-completions request bodies received, in order.</summary>
    public ConcurrentQueue<(string? Authorization, JsonObject Body)> Requests { get; } = new();

    /// <summary>Real time each answer is held back (to run past a client's timeout).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, answer with this status and an OpenAI-style error body instead of the recording.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeChatEndpoint> StartAsync()
    {
        var endpoint = new FakeChatEndpoint();
        var exchange = Recorded();
        var status = (int)exchange["StatusCode"]!;
        var contentType = (string)exchange["ResponseHeaders"]!["Content-Type"]!;
        var body = exchange["ResponseBody"]!.ToJsonString();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var request = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
            endpoint.Requests.Enqueue((context.Request.Headers.Authorization.ToString(), request));
            if (endpoint.Delay > TimeSpan.Zero)
            {
                await Task.Delay(endpoint.Delay, context.RequestAborted);
            }
            if (endpoint.FailWith is { } failure)
            {
                return Results.Text("{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}", "application/json", statusCode: failure);
            }
            return Results.Text(body, contentType, statusCode: status);
        });
        await app.StartAsync();
        endpoint._app = app;
        endpoint.Endpoint = app.Urls.Single() + "/v1";
        return endpoint;
    }

    private static JsonNode Recorded() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recordings", "openai-dotnet", "MultiMessageChatAsync.json")))!["Entries"]![0]!;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
