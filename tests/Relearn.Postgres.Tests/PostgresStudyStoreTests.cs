using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Postgres.Tests;

/// <summary>The shared trial history of distributed studies on a real PostgreSQL database, one fresh database per test.</summary>
public sealed class PostgresStudyStoreTests : IAsyncLifetime
{
    private static readonly SearchSpace Space = new([new FloatParameter("x", 0, 1)]);
    private string _uri = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _uri = await PostgresTestServer.CreateDatabaseAsync();
        _store = new PostgresMetadataStore(_uri, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await PostgresTestServer.DropDatabaseAsync(_uri);
    }

    [Fact]
    public async Task ConcurrentClaims_GetEveryTrialNumberOnce_AndNothingPastTheTrialCount()
    {
        var study = await _store.CreateStudyAsync(Definition(trials: 10, lease: TimeSpan.FromMinutes(1)));

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => _store.ClaimTrialAsync(study, $"worker-{i}")));

        Assert.Equal(Enumerable.Range(0, 10), claims.OfType<TrialClaim>().Select(c => c.Number).Order());
        Assert.Equal(6, claims.Count(c => c is null));
        Assert.All(claims.OfType<TrialClaim>(), c => Assert.Equal(1, c.Attempt));
    }

    [Fact]
    public async Task ATrialWhoseLeaseRanOut_IsClaimedAgainWithItsParams_AndTheOldAttemptsResultIsRefused()
    {
        var study = await _store.CreateStudyAsync(Definition(trials: 1, lease: TimeSpan.FromSeconds(1)));
        var dead = (await _store.ClaimTrialAsync(study, "dead"))!;
        Assert.True(await _store.SetTrialParamsAsync(dead, [0.25]));
        Assert.True(await _store.SetTrialRunAsync(dead, "run-of-the-dead-worker"));
        Assert.Null(await _store.ClaimTrialAsync(study, "alive"));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var expired = Assert.Single(await _store.GetTrialsAsync(study));
        var retaken = await _store.ClaimTrialAsync(study, "alive");

        Assert.True(expired.LeaseExpired);
        Assert.NotNull(retaken);
        Assert.Equal((0, 2, "run-of-the-dead-worker"), (retaken.Number, retaken.Attempt, retaken.LostRunId));
        Assert.Equal([0.25], retaken.Encoded);
        Assert.Equal(1, (await _store.GetStudyAsync(study))!.Reclaims);
        Assert.False(await _store.RenewTrialLeaseAsync(dead));
        Assert.False(await _store.FinishTrialAsync(dead, Result(0, 0.9)));
        Assert.True(await _store.FinishTrialAsync(retaken, Result(0, 0.7)));
        var finished = Assert.Single(await _store.GetTrialsAsync(study));
        Assert.Equal((TrialState.Complete, 0.7, "alive", false), (finished.State!.Value, finished.Value!.Value, finished.Worker, finished.LeaseExpired));
        Assert.Equal(0.7, finished.IntermediateValues[2]);
    }

    [Fact]
    public async Task ARenewedLease_DoesNotRunOut_AndAReleasedOneRunsOutAtOnce()
    {
        var study = await _store.CreateStudyAsync(Definition(trials: 1, lease: TimeSpan.FromSeconds(1)));
        var claim = (await _store.ClaimTrialAsync(study, "w"))!;

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            Assert.True(await _store.RenewTrialLeaseAsync(claim));
        }
        var renewed = Assert.Single(await _store.GetTrialsAsync(study));
        await _store.ReleaseTrialAsync(claim);
        var released = Assert.Single(await _store.GetTrialsAsync(study));

        Assert.False(renewed.LeaseExpired);
        Assert.True(released.LeaseExpired);
    }

    [Fact]
    public async Task AStoppedStudy_GivesOutNoMoreTrials()
    {
        var study = await _store.CreateStudyAsync(Definition(trials: 5, lease: TimeSpan.FromMinutes(1)));

        await _store.SetStudyStatusAsync(study, StudyStatus.Stopped);

        Assert.Null(await _store.ClaimTrialAsync(study, "w"));
        Assert.Equal(StudyStatus.Stopped, (await _store.GetStudyAsync(study))!.Status);
    }

    private static StudyDefinition Definition(int trials, TimeSpan lease) =>
        new("test", StudyDirection.Maximize, trials, Seed: 7, lease, """{"examples":"sha256:..."}""");

    private static TrialResult Result(int number, double value) =>
        new(number, TrialState.Complete, new TrialParams(Space, [0.25]), value, new Dictionary<int, double> { [2] = value },
            DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), null);
}
