using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Relearn.Tests.Server;

namespace Relearn.Tests.Cli;

/// <summary>A running <c>relearn serve</c> on a free loopback port, ready for requests, its output kept for failure messages.</summary>
internal sealed partial class ServeProcess : IDisposable, IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>A client for the server's address (set once it listens).</summary>
    public HttpClient Client { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>relearn serve --urls http://127.0.0.1:0</c> with <paramref name="args"/> (e.g. <c>--store</c>), reads the
    /// port Kestrel picked from its "Now listening on" line, and waits until <c>/health/ready</c> answers 200.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var serve = new ServeProcess(RelearnProcess.Start(home, environment, ["serve", "--urls", "http://127.0.0.1:0", .. args]));
        var listening = RelearnProcess.CollectOutput(serve.Process, serve._output, line => ListeningOn().IsMatch(line));
        var started = await Task.WhenAny(listening, serve.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(started == listening, "relearn serve did not start listening: " + serve.Output);
        serve.Client = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(await listening).Groups[1].Value), Timeout = TimeSpan.FromMinutes(2) };
        await StoreOutageTests.WaitReadyAsync(serve.Client);
        return serve;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        Client?.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await KillAsync();
        Process.Dispose();
    }
}
