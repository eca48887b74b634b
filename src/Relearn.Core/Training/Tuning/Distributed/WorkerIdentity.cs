namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>How a worker process names itself in the store and on tracked runs: <c>machine:pid</c>.</summary>
public static class WorkerIdentity
{
    /// <summary>This process.</summary>
    public static string Current { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
