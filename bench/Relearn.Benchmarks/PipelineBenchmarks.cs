using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Benchmarks;

/// <summary>
/// Overhead of the in-process pipeline runner per stage: a chain of <see cref="Stages"/> stages whose step does nothing,
/// on the default SQLite store and local artifact store. <c>RunAll</c> passes a new param each time so every stage
/// runs (claim, fingerprint, step, log artifact, completion); <c>RunCached</c> repeats one param so every stage is a
/// cache hit. Per-stage overhead = mean / <see cref="Stages"/>.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    /// <summary>Stages in the chain.</summary>
    public const int Stages = 20;

    private ServiceProvider _services = null!;
    private PipelineExecutor _executor = null!;
    private PipelineSource _source = null!;
    private string _home = "";
    private int _nonce;

    [GlobalSetup]
    public void Setup()
    {
        _home = Directory.CreateTempSubdirectory("relearn-bench-pipeline-").FullName;
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddRelearnCore(RelearnLocation.Resolve(_home));
        services.AddPipelineStep<EmptyStep>();
        _services = services.BuildServiceProvider();
        _executor = _services.GetRequiredService<PipelineExecutor>();
        var stages = Enumerable.Range(0, Stages).Select(i => i == 0
            ? "  s0: {step: empty, with: {value: \"${params.nonce}\"}}"
            : string.Create(CultureInfo.InvariantCulture, $"  s{i}: {{step: empty, with: {{value: \"${{stages.s{i - 1}.outputs.value}}\"}}}}"));
        var yaml = $"name: overhead\nparams: {{nonce: \"0\"}}\nstages:\n{string.Join('\n', stages)}\n";
        File.WriteAllText(Path.Combine(_home, "relearn.yaml"), yaml);
        _source = PipelineSource.FromFile(Path.Combine(_home, "relearn.yaml"));
        RunCached().GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<PipelineRunResult> RunAll() => Run((++_nonce).ToString(CultureInfo.InvariantCulture));

    [Benchmark]
    public Task<PipelineRunResult> RunCached() => Run("0");

    private async Task<PipelineRunResult> Run(string nonce)
    {
        var result = await _executor.StartAsync(_source, new Dictionary<string, string> { ["nonce"] = nonce }, [], "bench");
        return result.Succeeded ? result : throw new InvalidOperationException(result.Run.Error);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>A step that does nothing but pass its <c>value</c> on.</summary>
    private sealed class EmptyStep : IPipelineStep
    {
        public string Name => "empty";

        public string Version => "1";

        public StepSignature Signature { get; } = new(["value"], [], ["value"]);

        public Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            Task.FromResult(StepResult.Of(new Dictionary<string, StageOutput> { ["value"] = StageOutput.Reference(context.Arg("value")) }));
    }
}
