using System.Diagnostics;
using System.Globalization;

namespace Relearn.Core.Pipelines;

/// <summary>
/// Who holds a lease: <c>host/pid/process-start-ticks/nonce</c>. Besides expiry, a lease is given up early when its
/// owner is provably dead — on this same host, no process has that id and start time — so <c>--resume</c> on the
/// machine a killed run lived on continues at once instead of waiting for the lease to run out.
/// </summary>
public static class LeaseOwner
{
    /// <summary>A new owner id for this process.</summary>
    public static string Create()
    {
        using var self = Process.GetCurrentProcess();
        var nonce = Guid.NewGuid().ToString("N")[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{self.StartTime.ToUniversalTime().Ticks}/{nonce}");
    }

    /// <summary>True when <paramref name="owner"/> is a process of this host that no longer runs (never true for other hosts).</summary>
    public static bool IsProvablyDead(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || process.StartTime.ToUniversalTime().Ticks != started;
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (InvalidOperationException)
        {
            return true; // exited while we looked
        }
    }
}
