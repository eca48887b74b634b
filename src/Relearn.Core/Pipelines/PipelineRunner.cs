using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Relearn.Core.Pipelines.Alerts;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines;

/// <summary>A run as stored, with its definition read back from the artifact store and validated.</summary>
public sealed record LoadedRun(PipelineRun Run, PipelineDefinition Definition, IReadOnlyList<StageDefinition> Order);

/// <summary>
/// The unit of work of every executor: claim one stage of one run under a lease, skip it when its fingerprint is
/// cached, otherwise execute its step with a timeout and retries (Polly, exponential back-off), keep the attempt's
/// log as an artifact, check alerts, and record the result — only while the lease is still ours. Everything comes
/// from the store and the artifact store, so any process may run any stage of any run.
/// </summary>
public sealed partial class PipelineRunner(IPipelineStore store, IArtifactStore artifacts, PipelineStepCatalog steps, AlertNotifier alerts,
    IOptions<PipelineRunnerOptions> options, TimeProvider time, ILogger<PipelineRunner> logger)
{
    // A run's definition is immutable (read by digest), so parsing it once per process is safe.
    private readonly ConcurrentDictionary<string, LoadedRun> _loaded = new(StringComparer.Ordinal);

    /// <summary>This runner's lease owner id.</summary>
    public string Owner { get; } = LeaseOwner.Create();

    /// <summary>The settings in force.</summary>
    public PipelineRunnerOptions Options => options.Value;

    /// <summary>The steps it knows.</summary>
    public PipelineStepCatalog Steps => steps;

    /// <summary>Reads a run, its definition (from the artifact store) and validates it.</summary>
    public async Task<LoadedRun> LoadRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await store.GetPipelineRunAsync(runId, cancellationToken) ?? throw RelearnException.NotFound($"pipeline run {runId} does not exist");
        if (_loaded.TryGetValue(runId, out var loaded))
        {
            return loaded with { Run = run };
        }
        var yaml = await artifacts.ReadTextAsync(run.DefinitionDigest, cancellationToken);
        var definition = PipelineYaml.Parse(yaml, $"pipeline {run.Pipeline}");
        var order = PipelineValidator.Validate(definition, steps, run.ProjectFolder, run.Params);
        return _loaded.GetOrAdd(runId, new LoadedRun(run, definition, order)) with { Run = run };
    }

    /// <summary>
    /// Claims <paramref name="stageName"/> of <paramref name="runId"/> and runs it to an outcome, retrying failed attempts
    /// as the stage says. Returns <see cref="StageOutcomeKind.Waiting"/> when the stage cannot be claimed now.
    /// </summary>
    public async Task<StageOutcome> RunStageAsync(string runId, string stageName, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadRunAsync(runId, cancellationToken);
        var stage = loaded.Definition.Stage(stageName);
        var attemptOnce = (CancellationToken token) => new ValueTask<StageOutcome>(AttemptAsync(loaded, stage, token));
        if (stage.Retries == 0)
        {
            return await attemptOnce(cancellationToken);
        }
        var retry = new ResiliencePipelineBuilder<StageOutcome> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<StageOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Kind == StageOutcomeKind.Failed),
                MaxRetryAttempts = stage.Retries,
                Delay = stage.Backoff,
                BackoffType = DelayBackoffType.Exponential,
                OnRetry = args =>
                {
                    logger.StageRetrying(runId, stageName, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return await retry.ExecuteAsync(attemptOnce, cancellationToken);
    }

    /// <summary>The complete attempt of each upstream stage of <paramref name="stage"/> in the run, by stage name.</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, StageOutput>>> UpstreamOutputsAsync(LoadedRun loaded, StageDefinition stage,
        CancellationToken cancellationToken)
    {
        var attempts = await store.GetStageAttemptsAsync(loaded.Run.Id, cancellationToken);
        return stage.Upstream.ToDictionary(u => u, u => attempts.Last(a => a.Stage == u && a.IsComplete).Outputs, StringComparer.Ordinal);
    }

    private async Task<bool> ArtifactsExistAsync(StageAttempt attempt, CancellationToken cancellationToken)
    {
        foreach (var output in attempt.Outputs.Values.Where(o => o.Digest is not null))
        {
            if (!await artifacts.ExistsAsync(output.Digest!, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }
}
