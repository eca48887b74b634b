using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary><c>relearn serve --pipeline FILE</c> with a file that cannot be served says so in one line, nothing else.</summary>
public sealed class ServePipelineFileTests
{
    [Fact]
    public async Task Serve_WithAMissingPipelineFile_PrintsOnlyOneLine_Issue14()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "serve", "--urls", "http://127.0.0.1:0", "--pipeline", "missing.yaml");

        AssertFailed(result, $"pipeline file {Path.Combine(home.Path, "missing.yaml")} does not exist");
        // The host's own start-up failure log (with its stack trace) went to stdout before the fix.
        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithABadScheduleInAPipelineFile_PrintsOnlyOneLine_Issue14()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", """
            name: nightly
            schedules:
              - cron: "not a cron"
            stages:
              a: {run: "true"}
            """);

        var result = await RunAsync(home.Path, "serve", "--urls", "http://127.0.0.1:0", "--pipeline", "relearn.yaml");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("relearn: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", result.Stdout, StringComparison.Ordinal);
    }
}
