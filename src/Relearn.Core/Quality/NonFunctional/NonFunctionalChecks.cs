using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;
using Relearn.Core.Quality.Checks;

namespace Relearn.Core.Quality.NonFunctional;

/// <summary>
/// Measures a model package the way serving uses it — cold load, single predictions one after another, one batch —
/// and checks every number it outputs is finite. Figures on a loaded machine are indicative; the gates are for
/// order-of-magnitude regressions, not for benchmarking (docs/benchmarks.md holds the benchmarks).
/// </summary>
public static class NonFunctionalChecks
{
    /// <summary>Single predictions timed (after a warm-up), as many as there are sample inputs up to this.</summary>
    public const int TimedPredictions = 100;

    /// <summary>Predictions run before timing, so JIT and first-use costs stay out of the percentiles.</summary>
    public const int WarmUp = 10;

    /// <summary>Loads <paramref name="package"/> with <paramref name="task"/> and measures it on <paramref name="inputs"/>.</summary>
    public static NonFunctionalFigures Measure(IModelTask task, byte[] package, IReadOnlyList<JsonElement> inputs)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw RelearnException.Invalid("no sample inputs to measure the model on");
        }
        var started = Stopwatch.GetTimestamp();
        var model = task.Load(package);
        return Measure(model, package.LongLength, Stopwatch.GetElapsedTime(started).TotalMilliseconds, inputs);
    }

    /// <summary>Measures a model already loaded (in <paramref name="loadMs"/>) from a package of <paramref name="packageBytes"/>.</summary>
    public static NonFunctionalFigures Measure(IServableModel model, long packageBytes, double loadMs, IReadOnlyList<JsonElement> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw RelearnException.Invalid("no sample inputs to measure the model on");
        }
        for (var i = 0; i < WarmUp; i++)
        {
            model.Predict(inputs[i % inputs.Count]);
        }
        var count = Math.Min(TimedPredictions, Math.Max(inputs.Count, WarmUp));
        var latencies = new double[count];
        var outputs = new List<JsonObject>(count);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var output = model.Predict(inputs[i % inputs.Count]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i < inputs.Count)
            {
                outputs.Add(output);
            }
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)count;

        var batchStart = Stopwatch.GetTimestamp();
        var batch = model.PredictBatch(inputs);
        var batchSeconds = Stopwatch.GetElapsedTime(batchStart).TotalSeconds;
        var (nonFinite, numbers) = CountNonFinite(outputs.Concat(batch));
        Array.Sort(latencies);
        return new NonFunctionalFigures(packageBytes, loadMs, Percentile(latencies, 0.50), Percentile(latencies, 0.99), allocated,
            inputs.Count / Math.Max(batchSeconds, 1e-9), count, inputs.Count, nonFinite, numbers);
    }

    /// <summary>The figures as NFR check results, each gated where <paramref name="thresholds"/> sets a bar.</summary>
    public static IReadOnlyList<CheckResult> Judge(NonFunctionalFigures figures, NonFunctionalThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(thresholds);
        return
        [
            Gate("nfr: package size (MiB)", figures.PackageBytes / 1048576.0, thresholds.MaxPackageMb, atMost: true),
            Gate("nfr: load time (ms)", figures.LoadMs, thresholds.MaxLoadMs, atMost: true),
            Gate("nfr: p50 single-prediction latency (ms)", figures.P50Ms, thresholds.MaxP50Ms, atMost: true),
            Gate("nfr: p99 single-prediction latency (ms)", figures.P99Ms, thresholds.MaxP99Ms, atMost: true),
            Gate("nfr: allocations per prediction (KiB)", figures.AllocatedBytesPerPrediction / 1024, thresholds.MaxAllocKb, atMost: true),
            Gate("nfr: batch throughput (rows/s)", figures.BatchRowsPerSecond, thresholds.MinRowsPerSecond, atMost: false),
            new CheckResult("nfr: outputs are finite numbers", CheckRunner.KindName(CheckKind.Nfr), figures.NumbersChecked, figures.NonFiniteOutputs,
                figures.NumbersChecked == 0 ? 1 : Math.Round((figures.NumbersChecked - figures.NonFiniteOutputs) / (double)figures.NumbersChecked, 4), [],
                1.0, figures.NonFiniteOutputs == 0, figures.NonFiniteOutputs),
        ];
    }

    /// <summary>One figure as a one-case NFR result: pass rate 1 or 0; the threshold is the bar on the figure itself.</summary>
    private static CheckResult Gate(string name, double value, double? bar, bool atMost)
    {
        var passed = bar is not { } limit || (atMost ? value <= limit : value >= limit);
        var examples = passed ? [] : new List<JsonObject> { new() { ["value"] = Math.Round(value, 4), [atMost ? "at_most" : "at_least"] = bar } };
        return new CheckResult(name, CheckRunner.KindName(CheckKind.Nfr), 1, passed ? 0 : 1, passed ? 1 : 0, examples, bar, passed, Math.Round(value, 4));
    }

    /// <summary>Percentile with linear interpolation between closest ranks (numpy's default) of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static (int NonFinite, int Numbers) CountNonFinite(IEnumerable<JsonObject> outputs)
    {
        int nonFinite = 0, numbers = 0;
        foreach (var node in outputs.SelectMany(Descendants))
        {
            if (node is JsonValue value && value.TryGetValue<double>(out var number))
            {
                numbers++;
                nonFinite += double.IsFinite(number) ? 0 : 1;
            }
        }
        return (nonFinite, numbers);
    }

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Descendants(p.Value)),
        JsonArray a => a.SelectMany(Descendants),
        _ => [node],
    };
}
