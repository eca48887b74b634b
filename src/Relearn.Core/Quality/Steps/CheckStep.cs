using System.Globalization;
using System.Text.Json;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Quality.Steps;

/// <summary>
/// <c>check</c>: runs the behavioural checks (MFT, INV, DIR, LEAK — whatever the model's task supplies) and the
/// non-functional checks on <c>model</c> (<c>name:N</c>) over its held-out split, records the report for the version and
/// outputs it as <c>report</c>. The thresholds (<c>min_pass_rate</c>, <c>min_pass_rate_mft|inv|dir|leak</c>,
/// <c>max_p99_ms</c>, …) are gates: when a test falls short the report is still recorded and the stage fails, naming the
/// tests, so nothing after it (promotion) runs.
/// </summary>
public sealed class CheckStep(ModelRegistry registry, ModelQuality quality, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "check";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["model"], [.. CheckThresholds.Names, .. NonFunctionalThresholds.Names], ["report"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = await registry.ResolveAsync(ModelReference.Parse(context.Arg("model")), cancellationToken);
        var thresholds = Read(context, CheckThresholds.Read);
        var nfr = Read(context, NonFunctionalThresholds.Read);
        await quality.LinkPipelineRunAsync(version, context.RunId, cancellationToken);
        var report = await quality.CheckAsync(version, thresholds, nfr, cancellationToken: cancellationToken);
        foreach (var test in report.Tests)
        {
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{test.Kind,-4} {test.Name}: {test.Cases - test.Failures}/{test.Cases} passed ({test.PassRate:0.###}){(test.Value is { } v ? $", value {v:0.####}" : "")}{(test.Passed ? "" : $" — below {test.Threshold:0.###}")}"));
        }
        var stored = await artifacts.PutTextAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented), cancellationToken);
        context.Log.WriteLine($"check report {stored.Digest}");
        if (!report.Passed)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: {version.Name}:{version.Version} fails its checks: "
                + string.Join("; ", report.Failed.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {(t.Value is { } v ? v : t.PassRate):0.###} (gate {t.Threshold:0.###})"))));
        }
        var metrics = report.Tests.GroupBy(t => t.Kind).ToDictionary(g => "min_pass_rate_" + g.Key.ToLowerInvariant(), g => g.Min(t => t.PassRate));
        return new StepResult(new Dictionary<string, StageOutput> { ["report"] = new(StageOutputKind.Artifact, stored.Digest, stored.Digest) }, metrics);
    }

    /// <summary>Reads thresholds from the stage's arguments, naming the stage in the error.</summary>
    internal static T Read<T>(StepContext context, Func<Func<string, string?>, T> read)
    {
        try
        {
            return read(context.OptionalArg);
        }
        catch (RelearnException e)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: {e.Message}");
        }
    }
}
