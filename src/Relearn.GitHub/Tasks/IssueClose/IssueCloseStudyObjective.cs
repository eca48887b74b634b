using System.Text.Json;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>What a worker needs to run an issue-close trial: where the examples are and how the coordinator cut them.</summary>
/// <param name="Examples">Digest of the examples (canonical JSON Lines) in the artifact store.</param>
/// <param name="ExperimentId">Experiment of the tuning run.</param>
/// <param name="ParentRunId">The tuning run; each trial is its child.</param>
/// <param name="Seed">Seed of the featurizers and the trees.</param>
/// <param name="TestFraction">Newest share held out (never seen by trials).</param>
/// <param name="Folds">Validation folds inside the training period.</param>
public sealed record IssueCloseStudyPayload(string Examples, long ExperimentId, string ParentRunId, int Seed, double TestFraction, int Folds);

/// <summary>
/// The issue-close trial as workers run it: the examples come from the artifact store by digest, and each worker
/// featurizes a study's folds once (<see cref="IssueCloseFoldCache"/>, by content hash) and reuses them for its next trials.
/// </summary>
internal sealed class IssueCloseStudyObjective(IArtifactStore artifacts, ITrackingStore tracking, TimeProvider time, IssueCloseFoldCache folds) : IStudyObjective
{
    public string Name => IssueCloseTraining.Name;

    public SearchSpace Space => IssueCloseTraining.Space;

    public async Task<double> EvaluateAsync(StoredStudy study, Trial trial, TrialContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<IssueCloseStudyPayload>(study.Definition.Payload)
            ?? throw new InvalidOperationException($"study {study.Id} has no issue-close payload");
        var featurized = await folds.GetAsync(IssueCloseFoldCache.Key(payload.Examples, payload.TestFraction, payload.Folds, payload.Seed),
            async () => IssueCloseTask.FromCanonicalBytes(await artifacts.ReadBytesAsync(payload.Examples, CancellationToken.None)),
            payload.TestFraction, payload.Folds, payload.Seed, cancellationToken);
        return await new IssueCloseTrial(tracking, time).RunAsync(payload.ExperimentId, payload.ParentRunId, trial, featurized, payload.Seed,
            context.Worker, context.AttachRunAsync, cancellationToken);
    }
}
