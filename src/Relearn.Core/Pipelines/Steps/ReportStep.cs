using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Datasets.Expectations;
using Relearn.Core.Datasets.Validation;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>report</c>: a Markdown run report — every other stage of the run with its state (ran or cached) and metrics,
/// the registered model <c>version</c> (<c>name:N</c>) with its aliases and lineage, and the <c>validation</c> report
/// (a <c>validate</c> stage's <c>report</c> output) expectation by expectation. Put it after the stages it sums up.
/// Output <c>report</c> (Markdown, in the artifact store); metric <c>stages</c> (how many it covers).
/// </summary>
public sealed class ReportStep(IPipelineStore store, ModelRegistry registry, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "report";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["title", "version", "validation"], ["report"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var markdown = new StringBuilder();
        Line(markdown, $"# {context.OptionalArg("title") ?? $"Pipeline {context.Pipeline}"}");
        Line(markdown, $"\nRun `{context.RunId}`.\n");
        var stages = (await store.GetStageAttemptsAsync(context.RunId, cancellationToken))
            .Where(a => a.Stage != context.Stage.Name).GroupBy(a => a.Stage).Select(g => g.MaxBy(a => a.Attempt)!).OrderBy(a => a.StartedAt).ToList();
        Line(markdown, "## Stages\n\n| stage | state | metrics |\n|---|---|---|");
        foreach (var attempt in stages)
        {
            var state = attempt.State == StageState.Cached ? $"cached (from run {attempt.CachedFromRun})" : attempt.State.ToString().ToLowerInvariant();
            var metrics = string.Join(", ", attempt.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {Number(m.Value)}"));
            Line(markdown, $"| {attempt.Stage} | {state} | {metrics} |");
        }
        if (context.OptionalArg("version") is { } reference)
        {
            var lineage = await registry.GetLineageAsync(ModelReference.Parse(reference), cancellationToken);
            var version = lineage.Version;
            Line(markdown, $"\n## Model {version.Name}:{version.Version}\n");
            Line(markdown, $"- task: {version.Task}\n- run: `{version.RunId}`\n- dataset: {version.DatasetVersion ?? "none"}");
            Line(markdown, $"- aliases: {(lineage.Aliases.Count == 0 ? "none" : string.Join(", ", lineage.Aliases))}");
            Line(markdown, $"- metrics: {string.Join(", ", version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {Number(m.Value)}"))}");
        }
        if (context.OptionalArg("validation") is { } suiteDigest && JsonNode.Parse(await artifacts.ReadTextAsync(suiteDigest, cancellationToken)) is { } node
            && SuiteValidationResult.IsSuiteResult(node))
        {
            var suite = SuiteValidationResult.FromJson(node.AsObject());
            var s = suite.Statistics;
            Line(markdown, $"\n## Validation of {suite.Data} with suite {suite.Suite}: {s.SuccessfulExpectations} of {s.EvaluatedExpectations} expectations met\n");
            Line(markdown, "| expectation | observed | result |\n|---|---|---|");
            foreach (var outcome in suite.Results)
            {
                Line(markdown, $"| {Cell(ExpectationWords.Describe(outcome.Configuration))} | {Cell(ExpectationWords.Observed(outcome))} | {(outcome.Success ? "met" : "not met")} |");
            }
        }
        else if (context.OptionalArg("validation") is { } digest)
        {
            var report = JsonSerializer.Deserialize<ValidationReport>(await artifacts.ReadTextAsync(digest, cancellationToken), JsonDefaults.Indented)
                ?? throw RelearnException.Invalid($"stage {context.Stage.Name}: validation {digest} is not a validation report");
            Line(markdown, $"\n## Validation of {report.Data}: {report.Rows} rows, {(report.Passed ? "passed" : "failed")}\n");
            Line(markdown, "| expectation | expected | observed | result |\n|---|---|---|---|");
            foreach (var result in report.Results)
            {
                Line(markdown, $"| {result.Expectation} | {result.Expected} | {result.Observed} | {(result.Passed ? "passed" : "failed")} |");
            }
        }
        var stored = await artifacts.PutTextAsync(markdown.ToString(), cancellationToken);
        context.Log.WriteLine($"report {stored.Digest} covering {stages.Count} stages");
        return new StepResult(new Dictionary<string, StageOutput> { ["report"] = new(StageOutputKind.Artifact, stored.Digest, stored.Digest) },
            new Dictionary<string, double> { ["stages"] = stages.Count });
    }

    /// <summary>A Markdown table cell: a pipe in a value (a regex, a category) would end the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static void Line(StringBuilder markdown, string line) => markdown.Append(line).Append('\n');

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
