using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Relearn.Tests.Webhooks;

/// <summary>A real Kestrel webhook receiver on loopback that records every POST and fails the first <c>failFirst</c> with 500.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Received(string Path, string Body, string? Signature, string? Authorization, string? ContentType)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;

        /// <summary>Checks the signature as a receiver would: HMAC-SHA256 of the raw body, compared in constant time.</summary>
        public bool SignedWith(string secret)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Body)));
            return Signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
        }
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Every request that got a 2xx.</summary>
    public ConcurrentQueue<Received> Accepted { get; } = new();

    private WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(context.Request.Path, await reader.ReadToEndAsync(), context.Request.Headers["X-Relearn-Signature-256"],
                context.Request.Headers.Authorization, context.Request.ContentType);
            Requests.Enqueue(received);
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                return Results.StatusCode(500);
            }
            Accepted.Enqueue(received);
            return Results.NoContent();
        });
    }

    public string Url(string path) => _app.Urls.Single() + path;

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var receiver = new WebhookReceiver(failFirst);
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
