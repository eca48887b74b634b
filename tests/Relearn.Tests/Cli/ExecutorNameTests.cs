using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// <c>--executor NAME</c> is looked up among the executors the providers registered (in-process from Core, hangfire
/// from Relearn.Postgres): an unknown name fails with one line naming the known ones, before anything is stored.
/// </summary>
public sealed class ExecutorNameTests
{
    [Fact]
    public async Task PipelineRun_WithAnUnknownExecutor_FailsWithOneLineListingTheKnownOnes_AndStoresNothing()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", """
            name: p
            stages:
              a: {run: "echo a > a.txt", outputs: [a.txt]}
            """);

        var result = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml", "--executor", "nowhere");

        AssertFailed(result, "unknown executor 'nowhere' for stages (known: in-process, hangfire)");
        Assert.Empty(home.Objects());
        Assert.False(File.Exists(Path.Combine(home.Path, "a.txt")));
    }

    [Fact]
    public async Task TrainIssueClose_WithAnUnknownExecutor_FailsWithOneLineListingTheKnownOnes_AndStoresNothing()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "train", "issue-close", "--data", Samples.Issues, "--executor", "nowhere");

        AssertFailed(result, "unknown executor 'nowhere' for trials (known: in-process, hangfire)");
        Assert.Empty(home.Objects());
    }
}
