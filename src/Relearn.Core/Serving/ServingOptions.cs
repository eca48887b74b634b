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

    /// <summary>
    /// Score concurrent single predictions of models that gain from batches (embedding models) as one batch
    /// (<see cref="PredictionBatcher"/>); off scores each request on its own thread.
    /// </summary>
    public bool MicroBatching { get; set; } = true;

    /// <summary>How long a batch waits for more requests once requests have been arriving together.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Most requests scored in one micro-batch.</summary>
    [Range(1, 1024)]
    public int MaxMicroBatchSize { get; set; } = 32;

    /// <summary>Requests that may wait for a micro-batch per model; more are answered 503 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 256;
}
