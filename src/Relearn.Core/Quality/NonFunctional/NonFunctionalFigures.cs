namespace Relearn.Core.Quality.NonFunctional;

/// <summary>What serving one model version costs, measured at registration on inputs from its held-out data.</summary>
/// <param name="PackageBytes">Size of the model package.</param>
/// <param name="LoadMs">Time to load the package into a scoring model (cold).</param>
/// <param name="P50Ms">Median single-prediction latency.</param>
/// <param name="P99Ms">99th percentile single-prediction latency.</param>
/// <param name="AllocatedBytesPerPrediction">Bytes allocated on the calling thread per single prediction.</param>
/// <param name="BatchRowsPerSecond">Rows per second scored as one batch.</param>
/// <param name="Predictions">Single predictions timed.</param>
/// <param name="BatchRows">Rows in the timed batch.</param>
/// <param name="NonFiniteOutputs">Numbers in the outputs that were NaN or infinite (numerical stability).</param>
/// <param name="NumbersChecked">Numbers in the outputs checked for finiteness.</param>
public sealed record NonFunctionalFigures(
    long PackageBytes,
    double LoadMs,
    double P50Ms,
    double P99Ms,
    double AllocatedBytesPerPrediction,
    double BatchRowsPerSecond,
    int Predictions,
    int BatchRows,
    int NonFiniteOutputs,
    int NumbersChecked)
{
    /// <summary>The figures as metrics (names as <c>relearn models check</c> and the model card show them).</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["package_mb"] = Math.Round(PackageBytes / 1048576.0, 3),
        ["load_ms"] = Math.Round(LoadMs, 3),
        ["p50_ms"] = Math.Round(P50Ms, 4),
        ["p99_ms"] = Math.Round(P99Ms, 4),
        ["alloc_kb_per_prediction"] = Math.Round(AllocatedBytesPerPrediction / 1024, 3),
        ["batch_rows_per_second"] = Math.Round(BatchRowsPerSecond, 1),
        ["non_finite_outputs"] = NonFiniteOutputs,
    };
}
