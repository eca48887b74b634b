using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

public sealed class MedianPrunerTests
{
    // Complete trials that reported 0.5, 0.6, 0.7, 0.8, 0.9 at step 3: median 0.7.
    private static List<TrialResult> Completed(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Trials.Complete(i, 0.5 + i / 10.0, (3, 0.5 + i / 10.0)))];

    [Fact]
    public void PrunesAClearlyWorseTrial_OnlyAfterStartupTrialsCompleted()
    {
        var pruner = new MedianPruner();
        var poor = new Dictionary<int, double> { [3] = 0.1 };

        Assert.False(pruner.ShouldPrune(poor, Completed(4), StudyDirection.Maximize));
        Assert.True(pruner.ShouldPrune(poor, Completed(5), StudyDirection.Maximize));
    }

    [Fact]
    public void KeepsATrialAboveTheMedian()
    {
        var good = new Dictionary<int, double> { [3] = 0.75 };

        Assert.False(new MedianPruner().ShouldPrune(good, Completed(5), StudyDirection.Maximize));
    }

    [Fact]
    public void ComparesTheBestValueSoFar_AgainstTheMedianAtTheLatestStep()
    {
        // Good earlier, poor now: Optuna compares the best value the trial reached.
        var dipped = new Dictionary<int, double> { [1] = 0.8, [3] = 0.1 };

        Assert.False(new MedianPruner().ShouldPrune(dipped, Completed(5), StudyDirection.Maximize));
    }

    [Fact]
    public void Minimizing_PrunesAboveTheMedian()
    {
        var pruner = new MedianPruner();

        Assert.True(pruner.ShouldPrune(new Dictionary<int, double> { [3] = 0.8 }, Completed(5), StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(new Dictionary<int, double> { [3] = 0.6 }, Completed(5), StudyDirection.Minimize));
    }

    [Fact]
    public void DoesNotPrune_DuringWarmup_OrAtAStepNoCompleteTrialReported()
    {
        var pruner = new MedianPruner { WarmupSteps = 4 };

        Assert.False(pruner.ShouldPrune(new Dictionary<int, double> { [3] = 0.1 }, Completed(5), StudyDirection.Maximize));
        Assert.False(new MedianPruner().ShouldPrune(new Dictionary<int, double> { [7] = 0.1 }, Completed(5), StudyDirection.Maximize));
    }

    [Fact]
    public void CountsOnlyCompleteTrials_TowardsStartupAndTheMedian()
    {
        var finished = Completed(5).Concat(Enumerable.Range(5, 10).Select(i => Trials.Pruned(i, (3, 0.0)))).ToList();

        // Ten pruned trials at 0.0 would pull the median down to 0.0 if they counted.
        Assert.True(new MedianPruner().ShouldPrune(new Dictionary<int, double> { [3] = 0.3 }, finished, StudyDirection.Maximize));
        Assert.False(new MedianPruner().ShouldPrune(new Dictionary<int, double> { [3] = 0.3 }, finished[5..], StudyDirection.Maximize));
    }

    [Fact]
    public void PrunesATrialThatReportedOnlyNaN()
    {
        Assert.True(new MedianPruner().ShouldPrune(new Dictionary<int, double> { [3] = double.NaN }, Completed(5), StudyDirection.Maximize));
    }
}
