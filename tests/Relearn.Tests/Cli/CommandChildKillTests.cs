using System.Diagnostics;
using System.Globalization;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// A <c>command</c> step's program, and whatever it starts, does not outlive relearn: the real relearn process is
/// SIGKILLed (no code of its own runs) while the step runs <c>sleep</c>, and the sleep must end soon after.
/// </summary>
public sealed class CommandChildKillTests
{
    [Theory]
    [InlineData(false)] // sleep is the step's own program
    [InlineData(true)]  // sleep is a grandchild, started by the step's shell
    public async Task ASigkilledRelearn_LeavesNoCommandProcessRunning_Issue14(bool viaShell)
    {
        // A duration no other test uses, so the process is found by its command line.
        var seconds = (300 + Random.Shared.NextDouble() * 100).ToString("0.000000", CultureInfo.InvariantCulture);
        using var home = new TempHome();
        home.File("relearn.yaml", $$"""
            name: sleeper
            stages:
              nap: {{{(viaShell ? $"run: \"sleep {seconds} && echo woke\"" : $"command: [sleep, \"{seconds}\"]")}}}
            """);
        using var relearn = Start(home.Path, "pipeline", "run", "--file", "relearn.yaml");
        var stdout = relearn.StandardOutput.ReadToEndAsync();
        var stderr = relearn.StandardError.ReadToEndAsync();
        try
        {
            var started = await WaitForAsync(() => SleepProcesses(seconds).Count > 0 || relearn.HasExited, TimeSpan.FromMinutes(2));
            Assert.True(started && !relearn.HasExited, $"the step's sleep never started: {await Ended(relearn, stdout, stderr)}");

            relearn.Kill(); // SIGKILL to relearn alone: nothing of relearn runs afterwards
            await relearn.WaitForExitAsync();

            var ended = await WaitForAsync(() => SleepProcesses(seconds).Count == 0, TimeSpan.FromSeconds(30));
            Assert.True(ended, $"sleep {seconds} still runs after relearn was killed: pids {string.Join(", ", SleepProcesses(seconds))}");
        }
        finally
        {
            foreach (var pid in SleepProcesses(seconds))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }
            if (!relearn.HasExited)
            {
                relearn.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> Ended(Process relearn, Task<string> stdout, Task<string> stderr) =>
        relearn.HasExited ? $"relearn exited {relearn.ExitCode}: {await stderr} {await stdout}" : "relearn still runs";

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Pids of <c>sleep SECONDS</c> processes, from /proc (zombies excluded: they hold no resources and are being reaped).</summary>
    private static List<int> SleepProcesses(string seconds)
    {
        var pids = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }
            try
            {
                var args = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (args is [var program, var duration] && Path.GetFileName(program) == "sleep" && duration == seconds
                    && !File.ReadAllText(Path.Combine(folder, "stat")).Split(") ")[1].StartsWith('Z'))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // the process ended while being read
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }
}
