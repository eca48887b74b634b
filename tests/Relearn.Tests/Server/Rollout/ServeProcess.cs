using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Relearn.Tests.Cli;

namespace Relearn.Tests.Server.Rollout;

/// <summary>
/// A real <c>relearn serve</c> process on a loopback port it picks itself (<c>--urls http://127.0.0.1:0</c>, the address
/// read from its "Now listening on" line), ready once <c>/health/ready</c> answers 200. Its output is kept so a failing
/// test can show what the server said.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's last lines of output, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <summary>Starts <c>relearn serve</c> in <paramref name="home"/> with <paramref name="environment"/> and waits until it is ready.</summary>
    public static async Task<ServeProcess> StartAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var server = new ServeProcess(RelearnProcess.Start(home, environment, ["serve", "--urls", "http://127.0.0.1:0", .. args]));
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var limit = new CancellationTokenSource(StartLimit);
        var exited = _process.WaitForExitAsync(limit.Token);
        if (await Task.WhenAny(_listening.Task, exited, Task.Delay(Timeout.Infinite, limit.Token)) != _listening.Task)
        {
            throw new InvalidOperationException($"relearn serve did not start listening within {StartLimit}:\n{Output}");
        }
        Client = new HttpClient { BaseAddress = await _listening.Task, Timeout = TimeSpan.FromSeconds(30) };
        while (true)
        {
            limit.Token.ThrowIfCancellationRequested();
            try
            {
                using var ready = await Client.GetAsync("/health/ready", limit.Token);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Listening but not yet accepting: poll again.
            }
            await Task.Delay(100, limit.Token);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
