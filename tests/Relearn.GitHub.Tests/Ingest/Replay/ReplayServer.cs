using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relearn.GitHub.Tests.Ingest.Replay;

/// <summary>What the replay server saw and answered.</summary>
internal sealed record ServedRequest(int Index, string Method, string PathAndQuery, string? Authorization, string? IfNoneMatch, string? UserAgent, int Status, DateTimeOffset At);

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that answers like api.github.com did when the
/// recordings were made. Routes are recorded exchanges, matched by method, path and the query parameters
/// that select content (<c>page</c>, and whether <c>since</c> is given); the others (<c>state</c>, <c>sort</c>,
/// <c>direction</c>, <c>per_page</c>) are ignored because the recordings were made without them. Absolute
/// <c>https://api.github.com</c> URLs in <c>Link</c> and <c>Location</c> are rewritten to this server.
/// What it derives from the recordings rather than replays verbatim:
/// <list type="bullet">
/// <item>A 304 when <c>If-None-Match</c> equals the route's recorded ETag: the recorded headers without body
/// or <c>Link</c>, the shape of GitHub's own 304 in ConditionalRequestUpdate.testDidNotUpdate.</item>
/// <item>A page-1 route is also served at the path its <c>Link: rel="next"</c> names (GitHub's
/// <c>/repositories/{id}/...</c> form of the same list), as the recording's own <c>rel="first"</c> links say.</item>
/// <item>A recorded 301 for a repository also answers for paths below it (<c>.../issues</c>), keeping the rest
/// of the path and the query, as GitHub does for renamed repositories.</item>
/// <item><c>since</c> on a path with no recorded <c>since</c> exchange: GitHub's filter applied to the recorded
/// issues (<c>updated_at &gt;= since</c>), one page, ETag = SHA-256 of the body.</item>
/// </list>
/// Tests script the rest: reply to request #k with another recorded exchange, reset the connection, delay.
/// </summary>
internal sealed partial class ReplayServer : IAsyncDisposable
{
    private const string GitHub = "https://api.github.com";

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "status", "date", "server",
    };

    private readonly List<(string Path, string Page, bool Since, Exchange Exchange)> _routes = [];
    private readonly List<Exchange> _redirects = [];
    private readonly TimeProvider _clock;
    private readonly string _prefix;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Exchange?> _script = []; // null = reset the connection
    private readonly List<ServedRequest> _requests = [];
    private readonly List<string> _unmatched = [];
    private (int From, Exchange Exchange)? _scriptFrom;
    private WebApplication? _app;
    private int _count;

    private ReplayServer(IEnumerable<Exchange> routes, TimeProvider clock, string prefix)
    {
        _clock = clock;
        _prefix = prefix.TrimEnd('/');
        foreach (var exchange in routes.Where(e => e.Method == "GET"))
        {
            if (exchange.Status is >= 300 and < 400)
            {
                _redirects.Add(exchange);
                continue;
            }
            var query = QueryHelpers.ParseQuery(exchange.Path.Contains('?', StringComparison.Ordinal) ? exchange.Path[exchange.Path.IndexOf('?', StringComparison.Ordinal)..] : "");
            var page = query.TryGetValue("page", out var p) ? p.ToString() : "1";
            var since = query.ContainsKey("since");
            _routes.Add((exchange.PathOnly, page, since, exchange));
            if (page == "1" && NextLink(exchange) is { } next && new Uri(next).AbsolutePath is var alias && alias != exchange.PathOnly)
            {
                _routes.Add((alias, page, since, exchange));
            }
        }
    }

    /// <summary>Where the API is, e.g. <c>http://127.0.0.1:41234</c> (plus the path prefix, e.g. <c>/api/v3</c>).</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>Real time each response is held back (to make a window for killing a process mid-crawl).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Called with each request's index (0-based) as it arrives, before it is answered.</summary>
    public Action<int>? OnRequest { get; set; }

    public IReadOnlyList<ServedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests no route matched (answered 501); a test that sees one has a wrong scenario.</summary>
    public IReadOnlyList<string> Unmatched
    {
        get
        {
            lock (_gate)
            {
                return [.. _unmatched];
            }
        }
    }

    /// <summary>Starts a server replaying <paramref name="routes"/>; <paramref name="clock"/> stamps <see cref="ServedRequest.At"/>.</summary>
    public static async Task<ReplayServer> StartAsync(IEnumerable<Exchange> routes, TimeProvider? clock = null, string pathPrefix = "")
    {
        var server = new ReplayServer(routes, clock ?? TimeProvider.System, pathPrefix);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._app = app;
        server.ApiUrl = address.TrimEnd('/') + server._prefix;
        return server;
    }

    /// <summary>Answers request #<paramref name="index"/> with <paramref name="exchange"/>, whatever was asked.</summary>
    public void Reply(int index, Exchange exchange)
    {
        lock (_gate)
        {
            _script[index] = exchange;
        }
    }

    /// <summary>Answers every request from #<paramref name="index"/> on with <paramref name="exchange"/>.</summary>
    public void ReplyFrom(int index, Exchange exchange)
    {
        lock (_gate)
        {
            _scriptFrom = (index, exchange);
        }
    }

    /// <summary>Resets the connection at request #<paramref name="index"/> (no response at all).</summary>
    public void Abort(int index)
    {
        lock (_gate)
        {
            _script[index] = null;
        }
    }

    /// <summary>Forgets requests, scripts, delay and callback; request numbering starts at 0 again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _unmatched.Clear();
            _script.Clear();
            _scriptFrom = null;
            _count = 0;
        }
        Delay = TimeSpan.Zero;
        OnRequest = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        int index;
        bool scripted;
        Exchange? reply;
        lock (_gate)
        {
            index = _count++;
            scripted = _script.TryGetValue(index, out reply) || _scriptFrom is { } from && index >= from.From;
            if (scripted && !_script.ContainsKey(index))
            {
                reply = _scriptFrom!.Value.Exchange;
            }
        }
        OnRequest?.Invoke(index);
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString.ToString();
        if (scripted && reply is null)
        {
            Record(context, index, pathAndQuery, 0);
            context.Abort();
            return;
        }
        var exchange = scripted ? reply : Route(request);
        if (exchange is null)
        {
            lock (_gate)
            {
                _unmatched.Add($"{request.Method} {pathAndQuery}");
            }
            Record(context, index, pathAndQuery, 501);
            context.Response.StatusCode = 501;
            await context.Response.WriteAsync($"no recording for {request.Method} {pathAndQuery}");
            return;
        }
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var notModified = !scripted && exchange.Status == 200 && ifNoneMatch.Length > 0 && exchange.Header("etag") is { } etag && SameEtag(etag, ifNoneMatch);
        Record(context, index, pathAndQuery, notModified ? 304 : exchange.Status);
        await WriteAsync(context, exchange, notModified);
    }

    private void Record(HttpContext context, int index, string pathAndQuery, int status)
    {
        var headers = context.Request.Headers;
        var served = new ServedRequest(index, context.Request.Method, pathAndQuery, Value(headers.Authorization), Value(headers.IfNoneMatch),
            Value(headers.UserAgent), status, _clock.GetUtcNow());
        lock (_gate)
        {
            _requests.Add(served);
        }
    }

    private Exchange? Route(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(_prefix, StringComparison.Ordinal) || request.Method != "GET")
        {
            return null;
        }
        path = path[_prefix.Length..];
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var page = query.TryGetValue("page", out var p) ? p.ToString() : "1";
        var since = query.TryGetValue("since", out var s) ? s.ToString() : null;

        foreach (var redirect in _redirects)
        {
            if ((path == redirect.PathOnly || path.StartsWith(redirect.PathOnly + "/", StringComparison.Ordinal)) && redirect.Header("location") is { } location)
            {
                return redirect.WithHeader("location", location + path[redirect.PathOnly.Length..] + request.QueryString.Value);
            }
        }
        var route = _routes.FirstOrDefault(r => r.Path == path && r.Page == page && r.Since == since is not null).Exchange;
        if (route is null && since is not null && page == "1" && _routes.FirstOrDefault(r => r.Path == path && r.Page == "1" && !r.Since).Exchange is { } first)
        {
            route = EmulateSince(first, since);
        }
        return route;
    }

    private Exchange EmulateSince(Exchange first, string since)
    {
        var threshold = DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var latest = new Dictionary<long, (DateTimeOffset Updated, JsonElement Issue)>();
        foreach (var exchange in _routes.Select(r => r.Exchange).Distinct().Where(e => e.Status == 200))
        {
            using var document = JsonDocument.Parse(exchange.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var issue in document.RootElement.EnumerateArray())
            {
                var updated = DateTimeOffset.Parse(issue.GetProperty("updated_at").GetString()!, CultureInfo.InvariantCulture);
                var number = issue.GetProperty("number").GetInt64();
                if (!latest.TryGetValue(number, out var known) || updated > known.Updated)
                {
                    latest[number] = (updated, issue.Clone());
                }
            }
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var (_, issue) in latest.Values.Where(v => v.Updated >= threshold).OrderBy(v => v.Updated).ThenBy(v => v.Issue.GetProperty("number").GetInt64()))
            {
                issue.WriteTo(writer);
            }
            writer.WriteEndArray();
        }
        var body = buffer.ToArray();
        return (first.WithoutHeader("link").WithHeader("etag", $"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"") with
        {
            Body = body,
            Source = $"{first.Source}, filtered by since={since}",
        });
    }

    private async Task WriteAsync(HttpContext context, Exchange exchange, bool notModified)
    {
        var response = context.Response;
        response.StatusCode = notModified ? 304 : exchange.Status;
        foreach (var (name, value) in exchange.Headers)
        {
            if (Dropped.Contains(name) || notModified && (name.Equals("link", StringComparison.OrdinalIgnoreCase) || name.StartsWith("content-", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var rewritten = name.Equals("link", StringComparison.OrdinalIgnoreCase) || name.Equals("location", StringComparison.OrdinalIgnoreCase)
                ? value.Replace(GitHub, ApiUrl, StringComparison.Ordinal)
                : value;
            response.Headers.Append(name, rewritten);
        }
        if (!notModified && exchange.Status != 304 && exchange.Body.Length > 0)
        {
            await response.Body.WriteAsync(exchange.Body);
        }
    }

    private static string? NextLink(Exchange exchange) =>
        exchange.Header("link") is { } link && NextRelation().Match(link) is { Success: true } match ? match.Groups[1].Value : null;

    private static bool SameEtag(string etag, string ifNoneMatch) =>
        ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(candidate => Weak(candidate) == Weak(etag));

    private static string Weak(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;

    private static string? Value(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values.ToString();

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextRelation();
}
