using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Datasets.Expectations;
using Relearn.Core.Datasets.Validation;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>validate</c>: checks the stage's data (inputs, <c>data</c>, or a <c>dataset</c> version) against the
/// expectations given in <c>with:</c> — <c>columns</c> present and filled (<c>max_null_share</c>, default 0),
/// <c>min_rows</c>, <c>label</c> values within <c>labels</c>, <c>min_class_share</c> — before anything trains on it.
/// Outputs the validation <c>report</c> (JSON, in the artifact store); metrics <c>rows</c>, <c>failed_expectations</c>,
/// <c>max_null_share</c> and, with a label, <c>min_class_share</c>. A failed expectation fails the stage with one line
/// naming it; the report is still stored and its digest logged.
/// With <c>suite: FILE.yaml</c> the data is also checked against a Great Expectations-style suite
/// (<see cref="ExpectationSuite"/>), recorded as a validation (tracking run tagged <c>relearn.validation=expectation_suite</c>,
/// data docs page); the <c>report</c> output is then the suite's GE-shaped result, and the metrics add
/// <c>evaluated_expectations</c>, <c>unsuccessful_expectations</c> and <c>success_percent</c>. The suite file's content
/// is part of the stage fingerprint, so editing it reruns the stage.
/// </summary>
public sealed class ValidateStep(IDatasetCatalog datasets, IArtifactStore artifacts, ValidationRecorder validations) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "validate";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["data", "dataset", "suite", "columns", "max_null_share", "min_rows", "label", "labels", "min_class_share"], ["report"])
    {
        FileArguments = ["suite"],
    };

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expectations = new DataExpectations(
            List(context.OptionalArg("columns")),
            context.Number("max_null_share", 0),
            context.OptionalArg("min_rows") is null ? null : context.Int("min_rows", 0),
            context.OptionalArg("label"),
            List(context.OptionalArg("labels")),
            context.OptionalArg("min_class_share") is null ? null : context.Number("min_class_share", 0));
        if (expectations.Labels.Count > 0 && expectations.Label is null || expectations.MinClassShare is not null && expectations.Label is null)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: labels and min_class_share need label: COLUMN");
        }
        // Load the suite first: a wrong suite is bad input, found before any data is read.
        var suite = context.OptionalArg("suite") is { } suitePath ? ExpectationSuite.Load(context.PathArg(suitePath)) : null;
        var inline = suite is null || expectations.Columns.Count > 0 || expectations.MinRows is not null || expectations.Label is not null;
        using var data = await StageData.ResolveAsync(context, datasets, artifacts, cancellationToken);
        var source = data.Dataset?.Id ?? string.Join(", ", data.Files.Select(Path.GetFileName));
        var metrics = new Dictionary<string, double>();
        string? digest = null;
        if (inline)
        {
            var rows = await Task.Run(() => DataRows.Read(data.Files), cancellationToken);
            var report = expectations.Check(source, rows);
            var stored = await artifacts.PutTextAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented), cancellationToken);
            digest = stored.Digest;
            foreach (var result in report.Results)
            {
                context.Log.WriteLine($"{(result.Passed ? "passed" : "FAILED")} {result.Expectation}: expected {result.Expected}, observed {result.Observed}");
            }
            context.Log.WriteLine($"validation report {stored.Digest} ({report.Rows} rows of {source})");
            if (report.Failures.FirstOrDefault() is { } failure)
            {
                throw RelearnException.Invalid($"expectation {failure.Expectation} failed: expected {failure.Expected}, observed {failure.Observed}"
                    + (report.Failures.Count() > 1 ? $" (and {report.Failures.Count() - 1} more)" : ""));
            }
            metrics["rows"] = report.Rows;
            metrics["failed_expectations"] = 0;
            metrics["max_null_share"] = report.NullShare.Values.DefaultIfEmpty(0).Max();
            if (report.ClassShare.Count > 0)
            {
                metrics["min_class_share"] = report.ClassShare.Values.Min();
            }
        }
        if (suite is not null)
        {
            var batch = await Task.Run(() => DataBatch.Read(data.Files, source), cancellationToken);
            var recorded = await validations.ValidateAsync(suite, batch, new ValidationOrigin(data.Dataset?.Id, context.RunId), cancellationToken);
            var result = recorded.Result;
            foreach (var outcome in result.Results)
            {
                context.Log.WriteLine($"{(outcome.Success ? "met" : "NOT MET")} {outcome.Configuration.Type}: {ExpectationWords.Describe(outcome.Configuration)}; {ExpectationWords.Observed(outcome)}");
            }
            context.Log.WriteLine($"suite {result.Suite}: tracking run {recorded.RunId}, result {recorded.ResultDigest}, data docs {recorded.PagePath}");
            if (!result.Success)
            {
                throw RelearnException.Invalid(result.Summary());
            }
            var statistics = result.Statistics;
            digest = recorded.ResultDigest;
            metrics["rows"] = batch.RowCount;
            metrics["failed_expectations"] = 0;
            metrics["evaluated_expectations"] = statistics.EvaluatedExpectations;
            metrics["unsuccessful_expectations"] = statistics.UnsuccessfulExpectations;
            metrics["success_percent"] = statistics.SuccessPercent ?? 100;
        }
        return new StepResult(new Dictionary<string, StageOutput> { ["report"] = new(StageOutputKind.Artifact, digest!, digest!) }, metrics);
    }

    private static string[] List(string? text) => text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
