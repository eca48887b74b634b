using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Relearn.Tests.Server;

namespace Relearn.Tests.Cli;

/// <summary>A running <c>relearn serve</c> on a free loopback port, ready for requests, its output kept for failure messages.</summary>
internal sealed partial class ServeProcess : IDisposable
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
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (serve._output)
            {
                serve._output.AppendLine(e.Data);
            }
            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }
        serve.Process.OutputDataReceived += Collect;
        serve.Process.ErrorDataReceived += Collect;
        serve.Process.BeginOutputReadLine();
        serve.Process.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, serve.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(started == listening.Task, "relearn serve did not start listening: " + serve.Output);
        serve.Client = new HttpClient { BaseAddress = new Uri(await listening.Task), Timeout = TimeSpan.FromMinutes(2) };
        await StoreOutageTests.WaitReadyAsync(serve.Client);
        return serve;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        Client?.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }
}
