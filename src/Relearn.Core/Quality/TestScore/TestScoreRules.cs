using System.Globalization;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Tracking;

namespace Relearn.Core.Quality.TestScore;

/// <summary>
/// Which evidence automates which test. A rule answers with the evidence in words (automated), or null; a test with no
/// automated evidence is manual when a person recorded it, else missing. Tests whose nature is a person's judgement
/// (privacy controls, code review, time to add a feature) have no rule: only a manual record covers them.
/// </summary>
public static class TestScoreRules
{
    private delegate (string Evidence, bool? Passed)? Rule(ScoreEvidence evidence);

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["data-1"] = Schema,
        ["data-2"] = FeaturesBeneficial,
        ["data-3"] = e => e.Nfr is { } nfr ? (Figures("serving cost per prediction measured at registration", nfr.Run), nfr.Passed) : null,
        ["data-4"] = e => Tests(e.CheckTests(CheckKind.Leak), "point-in-time: fields unknown at prediction time changed"),
        ["model-2"] = e => e.Monitoring.FirstOrDefault(r => Tag(r, "relearn.monitor")?.Contains("performance", StringComparison.Ordinal) == true) is { } run
            ? ($"online performance window run {run.Info.RunId} joins feedback labels to served predictions", null) : null,
        ["model-3"] = Tuned,
        ["model-4"] = e => Metric(e.Training, "backtest_origins") is > 0 and var origins
            ? (F($"rolling-origin backtest over {origins} origins: auc {Metric(e.Training, "backtest_auc_mean"):0.###} ± {Metric(e.Training, "backtest_auc_std"):0.###}"), null) : null,
        ["model-5"] = SimplerModel,
        ["model-6"] = Slices,
        ["model-7"] = e => Tests(e.CheckTests(CheckKind.Inv, "invariance: person names"), "the answer does not depend on whose name is in the input"),
        ["infra-1"] = Reproducible,
        ["infra-2"] = e => Tests(e.CheckTests(CheckKind.Mft), "minimum functionality on simple inputs with known answers"),
        ["infra-3"] = Integration,
        ["infra-4"] = ValidatedBeforeServing,
        ["infra-6"] = e => e.AliasHistory.FirstOrDefault(c => c.NewVersion == e.Version.Version && c.Alias is "canary" or "shadow") is { } move
            ? (F($"{move.Alias} held version {move.NewVersion} from {move.At:u} ({move.Action} by {move.Actor})"), null) : null,
        ["infra-7"] = e => e.AliasHistory.FirstOrDefault(c => c.Action == "rollback") is { } back
            ? (F($"{back.Model}@{back.Alias} was rolled back {back.PreviousVersion} → {back.NewVersion} at {back.At:u}: the rollback path is exercised"), null) : null,
        ["monitor-2"] = DataInvariants,
        ["monitor-3"] = e => e.Monitoring.FirstOrDefault(r => Tag(r, "relearn.drift") is not null || Tag(r, "relearn.monitor")?.Contains("drift", StringComparison.Ordinal) == true) is { } drift
            ? ($"drift run {drift.Info.RunId} compares served inputs with the training reference", null) : null,
        ["monitor-4"] = e => e.Pipeline?.Schedules.Count > 0
            ? ($"pipeline {e.Pipeline.Name} retrains on a schedule ({string.Join(", ", e.Pipeline.Schedules.Select(s => s.Cron))})", null) : null,
        ["monitor-5"] = e => Tests(e.CheckTests(CheckKind.Nfr, "nfr: outputs are finite"), "every number the model outputs is finite"),
        ["monitor-6"] = Regression,
        ["monitor-7"] = QualityNotRegressed,
    };

    /// <summary>The 28 items for <paramref name="evidence"/>.</summary>
    public static IReadOnlyList<TestScoreItem> Evaluate(ScoreEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return TestScoreRubric.Tests.Select(test =>
        {
            if (Rules.TryGetValue(test.Id, out var rule) && rule(evidence) is { } automated)
            {
                return new TestScoreItem(test.Id, test.Section, test.Name, TestStatus.Automated, automated.Evidence, automated.Passed);
            }
            return evidence.Manual.TryGetValue(test.Id, out var manual)
                ? new TestScoreItem(test.Id, test.Section, test.Name, TestStatus.Manual, F($"recorded by {manual.By} at {manual.At:u}: {manual.Note}"))
                : new TestScoreItem(test.Id, test.Section, test.Name, TestStatus.Missing, Rules.ContainsKey(test.Id)
                    ? "no evidence in the store yet"
                    : "a person's judgement: record it with relearn models score MODEL --manual " + test.Id + " --note ...");
        }).ToList();
    }

    private static (string, bool?)? Schema(ScoreEvidence e)
    {
        if (e.Validations.FirstOrDefault() is { } run)
        {
            return ($"expectation suite validation run {run.Info.RunId} of {e.Version.DatasetVersion} ({Tag(run, "relearn.validation")})", Tag(run, "relearn.success") is { } s ? s == "true" : null);
        }
        return e.CompletedStages("validate").FirstOrDefault() is { } stage
            ? (F($"pipeline run {e.PipelineRun!.Id} stage {stage.Name} checked the training data's columns, rows and labels ({string.Join(", ", stage.With.Keys.Order(StringComparer.Ordinal))})"), true)
            : null;
    }

    private static (string, bool?)? FeaturesBeneficial(ScoreEvidence e) =>
        e.Training?.Params.TryGetValue("selected_by", out var how) == true
            ? ($"featurizer {e.Training.Params.GetValueOrDefault("featurizer", "?")} kept over the other candidates by {how}", null) : null;

    private static (string, bool?)? Tuned(ScoreEvidence e)
    {
        if (e.Training is not { } run)
        {
            return null;
        }
        return Tag(run, "relearn.study") is not null || Metric(run, "trials_complete") is > 0
            ? (F($"TPE search: {Metric(run, "trials_complete"):0} trials complete, {Metric(run, "trials_pruned"):0} pruned; best validation auc {Metric(run, "best_validation_auc"):0.###}; the best settings are the run's best.* params"), null)
            : null;
    }

    private static (string, bool?)? SimplerModel(ScoreEvidence e)
    {
        if (Metric(e.Training, "backtest_baseline_auc_mean") is { } baseline && Metric(e.Training, "backtest_auc_mean") is { } model)
        {
            return (F($"backtest auc {model:0.###} vs the baseline's {baseline:0.###}"), model >= baseline);
        }
        if (Metric(e.Training, "lodo_accuracy_lexicon") is { } lexicon && Metric(e.Training, "lodo_accuracy") is { } chosen)
        {
            return (F($"leave-one-domain-out accuracy {chosen:0.###} vs the lexicon rule's {lexicon:0.###}"), chosen >= lexicon);
        }
        if (Metric(e.Training, "f1_always_comment") is { } always && Metric(e.Training, "f1") is { } f1)
        {
            return (F($"location f1 {f1:0.###} vs commenting on every hunk's {always:0.###}"), f1 >= always);
        }
        return null;
    }

    private static (string, bool?)? Slices(ScoreEvidence e)
    {
        if (e.Training is not { } run)
        {
            return null;
        }
        var featurizer = run.Params.GetValueOrDefault("featurizer");
        var prefix = $"lodo_accuracy_{featurizer}_";
        var domains = run.Metrics.Where(m => featurizer is not null && m.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        if (domains.Count > 0)
        {
            return ("accuracy per held-out domain: " + string.Join(", ", domains.Select(d => F($"{d.Key[prefix.Length..]} {d.Value:0.###}"))), null);
        }
        return Metric(run, "backtest_origins") is > 0 and var origins
            ? (F($"auc per time slice: {origins} quarterly origins, mean {Metric(run, "backtest_auc_mean"):0.###}, std {Metric(run, "backtest_auc_std"):0.###}"), null)
            : null;
    }

    private static (string, bool?)? Reproducible(ScoreEvidence e) =>
        e.Training is { } run && run.Params.TryGetValue("seed", out var seed) && run.Info.DatasetVersion is { } dataset
            ? ($"seeded (seed {seed}) on dataset version {dataset}, pinned by content hash", null)
            : e.Training is { } tuned && tuned.Params.TryGetValue("best.seed", out var bestSeed) && tuned.Info.DatasetVersion is { } data
                ? ($"seeded (seed {bestSeed}) on dataset version {data}, pinned by content hash", null)
                : null;

    private static (string, bool?)? Integration(ScoreEvidence e)
    {
        if (e.PipelineRun is not { } run || e.Pipeline is null)
        {
            return null;
        }
        var done = e.Pipeline.Stages.Where(s => e.Stages.Any(a => a.Stage == s.Name && a.IsComplete)).Select(s => s.Name).ToList();
        return done.Count >= 3 ? ($"pipeline {run.Pipeline} run {run.Id} ran end to end: {string.Join(" → ", done)}", null) : null;
    }

    private static (string, bool?)? ValidatedBeforeServing(ScoreEvidence e)
    {
        if (e.CompletedStages("evaluate").FirstOrDefault(s => s.Alerts.Count > 0) is { } stage)
        {
            return ($"pipeline stage {stage.Name} scored the held-out split with alerts on {string.Join(", ", stage.Alerts.Select(a => a.Metric))} before promotion", null);
        }
        var guarded = e.AliasHistory.FirstOrDefault(c => c.NewVersion == e.Version.Version && c.Action == "promote" && c.Reason is { } r && r.Contains(" vs ", StringComparison.Ordinal));
        return guarded is null ? null : ($"promoted to {guarded.Alias} after comparing with the holder: {guarded.Reason}", null);
    }

    private static (string, bool?)? DataInvariants(ScoreEvidence e)
    {
        var training = Schema(e);
        var serving = e.Monitoring.FirstOrDefault(r => Tag(r, "relearn.drift") is not null || Tag(r, "relearn.monitor") is not null);
        return training is { } t && serving is not null ? ($"training: {t.Item1}; serving: monitoring run {serving.Info.RunId}", null) : null;
    }

    private static (string, bool?)? Regression(ScoreEvidence e)
    {
        if (e.Nfr is not { } nfr)
        {
            return null;
        }
        if (e.PreviousNfr is not { } previous)
        {
            return (Figures("no earlier version measured; these figures are the baseline", nfr.Run), nfr.Passed);
        }
        var p99 = Metric(nfr.Run, "p99_ms") ?? 0;
        var before = Metric(previous.Run, "p99_ms") ?? 0;
        var throughput = Metric(nfr.Run, "batch_rows_per_second") ?? 0;
        var throughputBefore = Metric(previous.Run, "batch_rows_per_second") ?? 0;
        // A dramatic regression is a doubling: single figures on a shared machine wobble by tens of percent.
        var passed = p99 <= Math.Max(2 * before, before + 1) && throughput >= throughputBefore / 2;
        return (F($"p99 {p99:0.###} ms vs {before:0.###} ms and {throughput:0} vs {throughputBefore:0} rows/s of the previous version"), passed);
    }

    private static (string, bool?)? QualityNotRegressed(ScoreEvidence e)
    {
        if (e.CompletedStages("evaluate").FirstOrDefault(s => s.Alerts.Count > 0) is { } stage)
        {
            return ($"quality alerts on {string.Join(", ", stage.Alerts.Select(a => $"{a.Metric} {(a.Below is { } b ? "below " + Resolve(e, b) : "above " + Resolve(e, a.Above ?? ""))}"))} fail the pipeline and block promotion", null);
        }
        return e.Monitoring.FirstOrDefault(r => Tag(r, "relearn.monitor")?.Contains("performance", StringComparison.Ordinal) == true) is { } run
            ? ($"performance window run {run.Info.RunId} on labelled served predictions", null) : null;
    }

    private static (string, bool?)? Tests(IEnumerable<CheckResult> results, string what)
    {
        var list = results.ToList();
        if (list.Count == 0)
        {
            return null;
        }
        var cases = list.Sum(t => t.Cases);
        var failures = list.Sum(t => t.Failures);
        return (F($"{what}: {string.Join("; ", list.Select(t => $"{t.Name} pass rate {t.PassRate:0.###} over {t.Cases} cases"))}") + (failures > 0 ? F($" ({failures} of {cases} failed)") : ""),
            list.All(t => t.Passed));
    }

    private static string Figures(string what, Run run) =>
        F($"{what}: package {Metric(run, "package_mb"):0.###} MiB, load {Metric(run, "load_ms"):0.#} ms, p50 {Metric(run, "p50_ms"):0.###} ms, p99 {Metric(run, "p99_ms"):0.###} ms, {Metric(run, "batch_rows_per_second"):0} rows/s (run {run.Info.RunId})");

    /// <summary>A <c>${params.X}</c> threshold as the run resolved it (run params over the definition's defaults).</summary>
    private static string Resolve(ScoreEvidence e, string template) =>
        template.StartsWith("${params.", StringComparison.Ordinal) && template.EndsWith('}') && template[9..^1] is var name
            ? e.PipelineRun?.Params.GetValueOrDefault(name) ?? e.Pipeline?.Params.GetValueOrDefault(name) ?? template
            : template;

    private static double? Metric(Run? run, string key) => run is not null && run.Metrics.TryGetValue(key, out var value) ? value : null;

    private static string? Tag(Run run, string key) => run.Tags.TryGetValue(key, out var value) ? value : null;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
