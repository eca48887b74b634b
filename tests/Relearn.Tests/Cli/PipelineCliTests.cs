using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

public sealed class PipelineCliTests
{
    private const string Pipeline = """
        name: small
        params: {greeting: hello}
        stages:
          write: {run: "echo ${params.greeting} > out.txt", outputs: [out.txt]}
          shout: {run: "tr a-z A-Z < ${stages.write.outputs.out.txt} > loud.txt", outputs: [loud.txt]}
        """;

    [Fact]
    public async Task RunStatusShow_ThroughTheCli()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", Pipeline);

        var first = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml", "--format", "json");
        var status = await RunAsync(home.Path, "pipeline", "status", "--file", "relearn.yaml", "--param", "greeting=hi", "--format", "json");
        var second = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml");
        var runs = await RunAsync(home.Path, "pipeline", "runs", "--format", "json");
        var show = await RunAsync(home.Path, "pipeline", "show", (string)first.Json["run_id"]!);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("succeeded", (string?)first.Json["state"]);
        Assert.Equal(["miss", "miss"], first.Json["stages"]!.AsArray().Select(s => (string?)s!["cache"]));
        Assert.Equal("param greeting changed (hello -> hi)", (string?)status.Json[0]!["reason"]);
        Assert.Equal("upstream write will run", (string?)status.Json[1]!["reason"]);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("write: cached", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, runs.Json.AsArray().Count);
        Assert.Contains("shout", show.Stdout, StringComparison.Ordinal);
        Assert.Equal("HELLO\n", File.ReadAllText(Path.Combine(home.Path, "loud.txt")));
    }

    [Fact]
    public async Task AFailingStage_FailsInOneLine_AndShowsItsLogTail()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", "name: bad\nstages:\n  boom: {run: \"echo something broke >&2; exit 2\"}\n");

        var run = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml");

        AssertFailed(run, "failed: stage boom failed: '/bin/sh' exited with code 2");
        Assert.Contains("something broke", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: c\nstages:\n  a: {run: x, after: [b]}\n  b: {run: x, after: [a]}\n", "stage a: dependency cycle a -> b -> a")]
    [InlineData("name: c\nstages:\n  a: {step: nope}\n", "stage a: unknown step 'nope'")]
    [InlineData("name: c\nstages:\n  a: {run: x, inputs: [missing.csv]}\n", "stage a: input 'missing.csv' does not exist")]
    [InlineData("name: c\nschedules: [{cron: 'every day'}]\nstages:\n  a: {run: x}\n", "schedule 1: bad cron expression 'every day'")]
    [InlineData("name: c\nstages:\n  a: {run: 'echo ${params.nope}'}\n", "stage a: undefined param 'nope'")]
    public async Task BadPipelines_AreRejectedBeforeAnythingRuns(string yaml, string reason)
    {
        using var home = new TempHome();
        home.File("relearn.yaml", yaml);

        var run = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml");
        var runs = await RunAsync(home.Path, "pipeline", "runs", "--format", "json");

        AssertFailed(run, reason);
        Assert.Empty(runs.Json.AsArray());
    }

    [Theory]
    [InlineData("sentiment", "8 stages (validate -> train -> register -> check -> evaluate -> score -> promote -> report)")]
    [InlineData("issue-close", "12 stages (ingest -> validate -> tune -> register -> evaluate -> check -> score -> latest -> promote -> export -> predict-open -> report)")]
    public async Task BuiltInPipelines_Validate(string name, string shape)
    {
        using var home = new TempHome();

        var validate = await RunAsync(home.Path, "pipeline", "validate", name);

        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.Contains(shape, validate.Stdout, StringComparison.Ordinal);
    }
}
