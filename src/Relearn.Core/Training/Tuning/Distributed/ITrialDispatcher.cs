namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>Asks workers to run trials of a study: each request is one job that claims and runs at most one trial.</summary>
public interface ITrialDispatcher
{
    /// <summary>Enqueues <paramref name="count"/> trial jobs for <paramref name="studyId"/>.</summary>
    Task EnqueueTrialsAsync(long studyId, int count, CancellationToken cancellationToken = default);
}
