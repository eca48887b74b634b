using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Tests.Pipelines;

public sealed class PipelineDefinitionTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    private TempFolder _folder => _fixture.Folder;

    private void Check(string yaml, params string[] parameters)
    {
        var definition = PipelineYaml.Parse(yaml, "relearn.yaml");
        var overrides = parameters.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        PipelineValidator.Validate(definition, _fixture.Steps, _folder.Path, PipelineValidator.ResolveParams(definition, overrides));
    }

    private void AssertRejected(string yaml, string expected, params string[] parameters)
    {
        var error = Assert.Throws<RelearnException>(() => Check(yaml, parameters));
        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validate_AGoodPipeline_OrdersStagesByDependency()
    {
        Some.File(_folder, "raw.txt", "x");
        var definition = PipelineYaml.Parse("""
            name: demo
            params: {n: "3"}
            schedules: [{cron: "0 3 * * *", timezone: Europe/Paris}]
            stages:
              report: {run: "cat ${stages.prep.outputs.a.txt} > r.txt", outputs: [r.txt]}
              prep: {run: "cp raw.txt a.txt", inputs: [raw.txt], outputs: [a.txt], retries: 2, backoff: 500ms, timeout: 1m}
            """, "relearn.yaml");

        var order = PipelineValidator.Validate(definition, _fixture.Steps, _folder.Path, definition.Params);

        Assert.Equal(["prep", "report"], order.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromMilliseconds(500), definition.Stage("prep").Backoff);
        Assert.Equal(TimeSpan.FromMinutes(1), definition.Stage("prep").Timeout);
    }

    [Fact]
    public void Validate_ACycle_IsRejectedNamingTheStages() => AssertRejected("""
        name: demo
        stages:
          a: {run: "true", after: [b]}
          b: {run: "true", after: [a]}
        """, "stage a: dependency cycle a -> b -> a");

    [Fact]
    public void Validate_AnUnknownStep_IsRejected() => AssertRejected("""
        name: demo
        stages:
          fit: {step: fit-everything}
        """, "stage fit: unknown step 'fit-everything' (known: check, command, evaluate, export, monitor, predict-batch, promote, register, report, score, train, train-text-classification, tune, tune-text-classification, validate)");

    [Fact]
    public void Validate_AMissingInput_IsRejected() => AssertRejected("""
        name: demo
        stages:
          prep: {run: "true", inputs: [data/raw.csv]}
        """, $"stage prep: input 'data/raw.csv' does not exist in {_folder.Path}");

    [Fact]
    public void Validate_ABadCron_IsRejectedNamingTheSchedule()
    {
        var error = Assert.Throws<RelearnException>(() => Check("""
            name: demo
            schedules: [{cron: "61 * * * *"}]
            stages:
              a: {run: "true"}
            """));

        Assert.StartsWith("schedule 1: bad cron expression '61 * * * *': ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Minutes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validate_AnUnknownTimeZone_IsRejected() => AssertRejected("""
        name: demo
        schedules: [{cron: "0 3 * * *", timezone: Mars/Olympus}]
        stages:
          a: {run: "true"}
        """, "schedule 1: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Paris)");

    [Fact]
    public void Validate_AnUndefinedParam_IsRejected() => AssertRejected("""
        name: demo
        params: {n: "1"}
        stages:
          a: {run: "echo ${params.m}"}
        """, "stage a: undefined param 'm' in ${params.m}");

    [Fact]
    public void ResolveParams_AnOverrideThePipelineDoesNotDefine_IsRejected() => AssertRejected("""
        name: demo
        params: {n: "1"}
        stages:
          a: {run: "true"}
        """, "--param m: pipeline demo has no param 'm' (params: n)", "m=2");

    [Theory]
    [InlineData("b: {run: \"cat ${stages.nope.outputs.x}\"}", "stage b: references unknown stage 'nope' in ${stages.nope.outputs.x}")]
    [InlineData("b: {run: \"cat ${stages.a.outputs.y}\"}", "stage b: stage 'a' has no output 'y' (outputs: x)")]
    [InlineData("b: {step: register, with: {run: r}}", "stage b: step 'register' needs the argument 'model'")]
    [InlineData("b: {step: register, with: {run: r, model: m, color: red}}", "stage b: step 'register' takes no argument 'color' (arguments: run, model, nfr, max_package_mb, max_load_ms, max_p50_ms, max_p99_ms, max_alloc_kb, min_rows_per_second)")]
    [InlineData("b: {run: \"true\", outputs: [../escape.txt]}", "stage b: output '../escape.txt' must be a relative path inside the project folder")]
    [InlineData("b: {run: \"true\", alerts: [{metric: auc}]}", "stage b: alert on auc needs exactly one of below: or above:")]
    public void Validate_BadStages_AreRejectedInOneLine(string stage, string expected) => AssertRejected($$"""
        name: demo
        stages:
          a: {run: "true", outputs: [x]}
          {{stage}}
        """, expected);

    [Fact]
    public void Parse_AnUnknownKey_NamesTheLine()
    {
        var error = Assert.Throws<RelearnException>(() => PipelineYaml.Parse("name: demo\nstages:\n  a:\n    run: x\n    colour: red\n", "relearn.yaml"));

        Assert.Equal("relearn.yaml line 5: unknown key 'colour'", error.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
