using Prometheus;

namespace Relearn.Server;

/// <summary>Prometheus metrics of the prediction endpoints, in a registry per server so tests and replicas stay apart.</summary>
internal sealed class ServingMetrics
{
    public ServingMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("relearn_prediction_requests_total", "Prediction requests answered, by model, version and endpoint.",
            new CounterConfiguration { LabelNames = ["model", "version", "endpoint"] });
        Predictions = factory.CreateCounter("relearn_predictions_total", "Instances scored, by model and version.",
            new CounterConfiguration { LabelNames = ["model", "version"] });
        Latency = factory.CreateHistogram("relearn_prediction_duration_seconds", "Time to score a request, by model, version and endpoint.",
            new HistogramConfiguration
            {
                LabelNames = ["model", "version", "endpoint"],
                Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16),
            });
        Errors = factory.CreateCounter("relearn_prediction_errors_total", "Prediction requests that failed, by model, version (if known) and HTTP status.",
            new CounterConfiguration { LabelNames = ["model", "version", "status"] });
        Feedback = factory.CreateCounter("relearn_feedback_total", "Feedback labels accepted by this server, by model and outcome (empty for plain labels).",
            new CounterConfiguration { LabelNames = ["model", "outcome"] });
    }

    public CollectorRegistry Registry { get; }
    public Counter Requests { get; }
    public Counter Predictions { get; }
    public Histogram Latency { get; }
    public Counter Errors { get; }
    public Counter Feedback { get; }
}
