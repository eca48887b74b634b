using System.ComponentModel.DataAnnotations;

namespace Relearn.Core.Serving;

/// <summary>Settings of the model host (section <c>Relearn:Serving</c>).</summary>
public sealed class ServingOptions
{
    /// <summary>How often an alias is re-read from the registry, so a promotion is picked up without a restart.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AliasRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most instances in one predict-batch request.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Write every prediction to the prediction log.</summary>
    public bool PredictionLog { get; set; } = true;
}
