using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Pipelines;

/// <summary>A stage changed state in a run the executor drives (for progress displays).</summary>
public sealed record PipelineProgress(string RunId, string Stage, string State, int Attempt, TimeSpan? Duration, string? Detail);

/// <summary>How a run ended, with every attempt.</summary>
public sealed record PipelineRunResult(PipelineRun Run, IReadOnlyList<StageAttempt> Attempts)
{
    /// <summary>True when the run succeeded.</summary>
    public bool Succeeded => Run.State == PipelineRunState.Succeeded;
}
