using System.Diagnostics;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// Starts a <c>command</c> step's program so that nothing it starts outlives relearn. On Linux the program runs under a
/// small <c>/bin/sh</c> wrapper that gives it a session (so a process group) of its own with util-linux's <c>setsid</c>,
/// and keeps a watchdog reading the wrapper's stdin, a pipe whose only writer is relearn. When relearn ends — even by
/// SIGKILL, when none of its own code runs — the kernel closes the pipe, the read returns and the watchdog SIGKILLs the
/// whole group, grandchildren included. <c>PR_SET_PDEATHSIG</c> was not used: it fires when the forking thread exits
/// (a thread-pool thread may, mid-step) and reaches only the direct child, not what a shell starts.
/// Where there is no <c>setsid</c>, or the program cannot be found, the program starts directly as it always did, so
/// the errors of a missing program stay .NET's own.
/// </summary>
internal static class ProcessGroup
{
    private const string Shell = "/bin/sh";

    // $0 names the wrapper in ps; $1 is setsid's path (the stage's env may set its own PATH); the rest is the command.
    private const string WrapperName = "relearn-command-group";

    private const string Wrapper = """
        setsid=$1; shift
        exec 3<&0 0</dev/null
        "$setsid" "$@" 3<&- &
        child=$!
        { while read -r _ <&3; do :; done; kill -KILL -"$child" "$child" 2>/dev/null; } &
        watchdog=$!
        exec 3<&-
        wait "$child"
        status=$?
        kill "$watchdog" 2>/dev/null
        exit "$status"
        """;

    private static readonly string? Setsid = OperatingSystem.IsLinux() && File.Exists(Shell) ? FindExecutable("setsid") : null;

    /// <summary>How to start <paramref name="command"/>: under the wrapper where it can, else directly.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var program = Setsid is null ? null : Resolve(command[0]);
        if (program is null)
        {
            var direct = new ProcessStartInfo(command[0]);
            foreach (var argument in command.Skip(1))
            {
                direct.ArgumentList.Add(argument);
            }
            return direct;
        }
        var wrapped = new ProcessStartInfo(Shell);
        foreach (var argument in new[] { "-c", Wrapper, WrapperName, Setsid!, program }.Concat(command.Skip(1)))
        {
            wrapped.ArgumentList.Add(argument);
        }
        return wrapped;
    }

    /// <summary>True when <paramref name="start"/> runs under the wrapper, whose stdin must stay open while it runs.</summary>
    public static bool IsWrapped(ProcessStartInfo start) =>
        start.FileName == Shell && start.ArgumentList.Count > 2 && start.ArgumentList[2] == WrapperName;

    /// <summary>
    /// Ends a cancelled step's program and everything it started: closing the wrapper's stdin has its watchdog kill the
    /// group; killing the process tree then covers what is left (and a program started directly).
    /// </summary>
    public static async Task EndAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (IsWrapped(process.StartInfo))
        {
            try
            {
                process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (IOException)
            {
                // The wrapper is gone already: the tree kill below finds what remains.
            }
        }
        process.Kill(entireProcessTree: true);
    }

    /// <summary>
    /// The program .NET would start for <paramref name="name"/> (a rooted path; else beside the running executable, in the
    /// current directory, then on PATH), or null when there is no such executable file.
    /// </summary>
    private static string? Resolve(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return IsExecutable(name) ? name : null;
        }
        foreach (var folder in new[] { Path.GetDirectoryName(Environment.ProcessPath), Directory.GetCurrentDirectory() })
        {
            if (folder is not null && Path.Combine(folder, name) is var candidate && File.Exists(candidate))
            {
                return IsExecutable(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }
        return FindExecutable(name);
    }

    private static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
