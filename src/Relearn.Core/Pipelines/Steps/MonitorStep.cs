using System.Globalization;
using Relearn.Core.Monitoring;
using Relearn.Core.Registry;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>monitor</c>: checks a served <c>model</c> (<c>name</c>, <c>name@alias</c>, <c>name:N</c>) — drift of its prediction
/// log over <c>since</c> (default <c>24h</c>) or the <c>last</c> N predictions against the version's reference profile,
/// and the task's metrics on the newest <c>labels</c> (default 1000) feedback labels. Its metrics (<c>drift_share</c>,
/// <c>dataset_drift</c>, <c>accuracy</c>, <c>f1</c>, <c>auc</c>, <c>labelled</c>, ...) feed <c>alerts:</c>; the check is
/// recorded as a tracking run (output <c>run</c>) in experiment <c>monitor-MODEL</c>.
/// </summary>
public sealed class MonitorStep(ModelMonitor monitor) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "monitor";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    /// <remarks>The prediction log and the labels change between runs while the arguments stay the same.</remarks>
    public bool AlwaysRuns => true;

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["model"], ["since", "last", "labels"], ["run"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = context.OptionalArg("last") is { } last
            ? MonitorWindow.LastPredictions(int.TryParse(last, CultureInfo.InvariantCulture, out var n) ? n : throw RelearnException.Invalid($"stage {context.Stage.Name}: last must be a number, not '{last}'"))
            : MonitorWindow.Since(MonitorWindow.ParseSpan(context.OptionalArg("since") ?? "24h"));
        var labels = context.OptionalArg("labels") is { } l
            ? int.TryParse(l, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : throw RelearnException.Invalid($"stage {context.Stage.Name}: labels must be a positive number, not '{l}'")
            : ModelMonitor.DefaultLabels;
        var check = await monitor.CheckAsync(ModelReference.Parse(context.Arg("model")), window, labels, cancellationToken: cancellationToken);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{check.Drift.Model}:{check.Drift.Version}, {check.Drift.Window}: {check.Drift.Verdict ?? (check.Drift.DatasetDrift ? "dataset drift" : "no dataset drift")}, ")
            + string.Join(", ", check.Metrics.Where(m => !m.Key.Contains('.', StringComparison.Ordinal)).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.####}"))));
        return new StepResult(new Dictionary<string, StageOutput> { ["run"] = StageOutput.Reference(check.RunId) }, check.Metrics);
    }
}
