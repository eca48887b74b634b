using System.Collections.Concurrent;
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
/// featurizes a study's folds once and keeps them for its next trials of that study.
/// </summary>
internal sealed class IssueCloseStudyObjective(IArtifactStore artifacts, ITrackingStore tracking, TimeProvider time) : IStudyObjective
{
    private const int StudiesKept = 2;
    private readonly ConcurrentDictionary<long, Lazy<Task<IssueCloseFolds>>> _folds = new();

    public string Name => IssueCloseTraining.Name;

    public SearchSpace Space => IssueCloseTraining.Space;

    public async Task<double> EvaluateAsync(StoredStudy study, Trial trial, TrialContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<IssueCloseStudyPayload>(study.Definition.Payload)
            ?? throw new InvalidOperationException($"study {study.Id} has no issue-close payload");
        var folds = await FoldsAsync(study.Id, payload, cancellationToken);
        return await new IssueCloseTrial(tracking, time).RunAsync(payload.ExperimentId, payload.ParentRunId, trial, folds, payload.Seed,
            context.Worker, context.AttachRunAsync, cancellationToken);
    }

    private async Task<IssueCloseFolds> FoldsAsync(long studyId, IssueCloseStudyPayload payload, CancellationToken cancellationToken)
    {
        var entry = _folds.GetOrAdd(studyId, _ => new Lazy<Task<IssueCloseFolds>>(() => Task.Run(async () =>
        {
            var examples = IssueCloseTask.FromCanonicalBytes(await artifacts.ReadBytesAsync(payload.Examples, CancellationToken.None));
            var (train, _) = TimeOrderedSplit.Split(examples, payload.TestFraction);
            return IssueCloseFolds.Featurize(train, payload.Folds, payload.Seed);
        })));
        foreach (var old in _folds.Keys.Where(id => id < studyId).OrderDescending().Skip(StudiesKept - 1))
        {
            _folds.TryRemove(old, out _);
        }
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Do not keep a failure (an unreachable artifact store): the next trial tries again.
            _folds.TryRemove(new KeyValuePair<long, Lazy<Task<IssueCloseFolds>>>(studyId, entry));
            throw;
        }
    }
}
