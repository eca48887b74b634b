using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Core.Registry;
using Relearn.Core.Rollout;
using Relearn.Core.Serving;
using Relearn.Errors;

namespace Relearn.Server;

/// <summary>Predict, predict-batch and the model list under <c>/api/v1/models</c>.</summary>
internal static class PredictionEndpoints
{
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models").WithTags("Models");

        models.MapGet("/", async (IModelRegistryStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok((await store.ListModelsAsync(cancellationToken)).Select(m => new ModelSummary(m.Name, m.Task, m.LatestVersion, m.Aliases))))
            .WithName("ListModels").WithSummary("List registered models and their aliases.");

        models.MapGet("/{name}", async (string name, IModelRegistryStore store, CancellationToken cancellationToken) =>
            {
                var model = await store.GetModelAsync(ModelReference.RequireName(name, "model name"), cancellationToken)
                    ?? throw RelearnException.NotFound($"model '{name}' does not exist");
                return TypedResults.Ok(new ModelSummary(model.Name, model.Task, model.LatestVersion, model.Aliases));
            })
            .WithName("GetModel").WithSummary("One registered model.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        models.MapPost("/{name}/predict", PredictAsync)
            .WithName("Predict").WithSummary("Score one input with the model's alias (default production) or version.")
            .Accepts<PredictRequest>("application/json")
            .Produces<PredictResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        models.MapPost("/{name}/predict-batch", PredictBatchAsync)
            .WithName("PredictBatch").WithSummary("Score many inputs: {\"instances\": [...]} → {\"predictions\": [...]} in the same order.")
            .Accepts<PredictBatchRequest>("application/json")
            .Produces<PredictBatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static Task<IResult> PredictAsync(string name, string? alias, string? version, HttpContext context, ModelHost host, PredictionBatcher batcher,
        IOptions<ServingOptions> options, PredictionLog log, ServingMetrics metrics, RolloutRouter router, TimeProvider time, CancellationToken cancellationToken) =>
        Measured(name, "predict", metrics, router, async setVersion =>
        {
            var (hosted, body, shadow) = await ResolveAndReadAsync(name, alias, version, context, host, router, options.Value, setVersion, cancellationToken);
            using var _ = body;
            var started = Stopwatch.GetTimestamp();
            // Embedding models score concurrent requests as one batch; the latency logged includes the wait for it.
            var output = batcher.Applies(hosted.Model)
                ? await batcher.PredictAsync(hosted.Model, body.RootElement, cancellationToken)
                : hosted.Model.Predict(body.RootElement);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var id = NewPredictionId(time);
            output["model"] = name;
            output["version"] = hosted.Version.Version;
            output["prediction_id"] = id;
            // Serialized once: the same text is the answer and the log line's output.
            var json = output.ToJsonString();
            if (options.Value.PredictionLog)
            {
                log.Append(new PredictionRecord(id, time.GetUtcNow(), name, hosted.Version.Version, body.RootElement.GetRawText(), json, latency));
            }
            metrics.Predictions.WithLabels(name, Label(hosted.Version.Version)).Inc();
            if (shadow is { } challenger)
            {
                RolloutShadow.Score(name, challenger, id, body.RootElement.Clone(), host, options.Value, log, metrics, router, time);
            }
            return Results.Text(json, "application/json", Encoding.UTF8);
        });

    private static Task<IResult> PredictBatchAsync(string name, string? alias, string? version, HttpContext context, ModelHost host,
        IOptions<ServingOptions> options, PredictionLog log, ServingMetrics metrics, RolloutRouter router, TimeProvider time, CancellationToken cancellationToken) =>
        Measured(name, "predict-batch", metrics, router, async setVersion =>
        {
            var (hosted, body, _) = await ResolveAndReadAsync(name, alias, version, context, host, router, options.Value, setVersion, cancellationToken);
            using var _ = body;
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("instances", out var instances))
            {
                throw RelearnException.Invalid("the body must be an object with an \"instances\" array");
            }
            if (instances.ValueKind != JsonValueKind.Array)
            {
                throw RelearnException.Invalid("instances must be an array");
            }
            var inputs = instances.EnumerateArray().ToList();
            if (inputs.Count == 0)
            {
                throw RelearnException.Invalid("instances must not be empty");
            }
            if (inputs.Count > options.Value.MaxBatchSize)
            {
                throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"instances has {inputs.Count} items; the limit is {options.Value.MaxBatchSize}"));
            }
            var started = Stopwatch.GetTimestamp();
            var ids = inputs.Select(_ => NewPredictionId(time)).ToList();
            var outputs = hosted.Model.PredictBatch(inputs).Select((o, i) =>
            {
                o["prediction_id"] = ids[i];
                return o.ToJsonString();
            }).ToList();
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (options.Value.PredictionLog)
            {
                var now = time.GetUtcNow();
                for (var i = 0; i < inputs.Count; i++)
                {
                    log.Append(new PredictionRecord(ids[i], now, name, hosted.Version.Version, inputs[i].GetRawText(), outputs[i], latency / inputs.Count));
                }
            }
            metrics.Predictions.WithLabels(name, Label(hosted.Version.Version)).Inc(inputs.Count);
            return Results.Text(BatchJson(name, hosted.Version.Version, outputs), "application/json", Encoding.UTF8);
        });

    /// <summary>A time-ordered id (UUID v7), so ids sort by when they were made across replicas.</summary>
    internal static string NewPredictionId(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString();

    private static string BatchJson(string model, int version, IReadOnlyList<string> predictions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteNumber("version", version);
            json.WriteStartArray("predictions");
            foreach (var prediction in predictions)
            {
                json.WriteRawValue(prediction, skipInputValidation: true);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Counts and times a request; failures are counted by their <see cref="ErrorClassification"/> status, then handled by <see cref="ProblemMapping"/>.</summary>
    private static async Task<IResult> Measured(string name, string endpoint, ServingMetrics metrics, RolloutRouter router, Func<Action<int>, Task<IResult>> handle)
    {
        var started = Stopwatch.GetTimestamp();
        var version = "";
        var served = 0;
        try
        {
            var result = await handle(v => (version, served) = (Label(v), v));
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Requests.WithLabels(name, version, endpoint).Inc();
            metrics.Latency.WithLabels(name, version, endpoint).Observe(elapsed.TotalSeconds);
            router.Record(name, served, elapsed.TotalMilliseconds, failed: false);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var classified = ErrorClassification.Classify(e).Status;
            var status = classified.ToString(CultureInfo.InvariantCulture);
            // The rollout gate compares the sides' own failures (5xx), not callers' bad input.
            router.Record(name, served, Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: classified >= 500);
            // A model that never resolved gets one shared label, so random names cannot grow the series without bound.
            metrics.Errors.WithLabels(version.Length == 0 ? "_unresolved" : name, version, status).Inc();
            throw;
        }
    }

    /// <summary>
    /// The model first (so an unknown model is a 404 whatever the body), then the body. A request for the default alias
    /// goes where a live rollout sends it (the canary's share to the challenger; in shadow mode the challenger also scores).
    /// </summary>
    private static async Task<(HostedModel Hosted, JsonDocument Body, int? Shadow)> ResolveAndReadAsync(string name, string? alias, string? version, HttpContext context,
        ModelHost host, RolloutRouter router, ServingOptions options, Action<int> setVersion, CancellationToken cancellationToken)
    {
        var (answer, shadow) = alias is null && version is null
            ? router.Route(name, context.Request.Headers[RolloutRouter.KeyHeader].FirstOrDefault())
            : (null, null);
        var hosted = answer is { } routed
            ? await host.GetAsync(name, null, routed, cancellationToken)
            : await host.GetAsync(name, alias, ParseVersion(version), cancellationToken);
        setVersion(hosted.Version.Version);
        return (hosted, await JsonBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, cancellationToken), shadow == hosted.Version.Version ? null : shadow);
    }

    private static int? ParseVersion(string? version) =>
        version is null ? null
        : int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
        : throw RelearnException.Invalid($"version '{version}' is not a positive whole number");

    private static string Label(int version) => version.ToString(CultureInfo.InvariantCulture);
}
