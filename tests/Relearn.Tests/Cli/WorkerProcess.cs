using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Relearn.Tests.Cli;

/// <summary>A running <c>relearn worker</c>, its output kept for failure messages.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The process id, as it appears in the lease owners (<c>host/pid/start/nonce</c>) of the attempts it ran.</summary>
    public int Id => Process.Id;

    public string Identity => $"{Environment.MachineName}:{Process.Id}";

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

    /// <summary>Starts a worker running <paramref name="concurrency"/> jobs at once and waits for its "up" line.</summary>
    public static async Task<WorkerProcess> StartAsync(string home, string store, int concurrency = 1, IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = new WorkerProcess(RelearnProcess.Start(home, environment ?? new Dictionary<string, string>(),
            "worker", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--store", store));
        var ready = RelearnProcess.CollectOutput(worker.Process, worker._output, line => line.StartsWith("relearn worker ", StringComparison.Ordinal));
        var started = await Task.WhenAny(ready, worker.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(started == ready, "relearn worker did not start: " + worker.Output);
        return worker;
    }

    public void Stop()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        Stop();
        Process.Dispose();
    }
}
