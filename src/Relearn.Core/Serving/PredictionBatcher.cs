using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Relearn.Core.Models;

namespace Relearn.Core.Serving;

/// <summary>
/// Thrown when a model's micro-batch queue is full: the server is saturated, and the caller should retry after
/// <see cref="RetryAfter"/> (HTTP 503 with a Retry-After header).
/// </summary>
public sealed class ServerBusyException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When to try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Adaptive micro-batching of single predictions, as BentoML's adaptive batching does: requests for one model go into
/// a bounded queue, and one scoring loop per model takes everything that is waiting (up to
/// <see cref="ServingOptions.MaxMicroBatchSize"/>) and scores it as one <see cref="IServableModel.PredictBatch"/> call.
/// It is adaptive in that it waits up to <see cref="ServingOptions.BatchWindow"/> for more only while requests have
/// been arriving together (the previous batch held more than one); a lone client is scored at once, adding no latency.
/// Under load, requests gather while a batch runs, so batches grow with the load. A full queue is a
/// <see cref="ServerBusyException"/> at once instead of an unbounded wait.
/// </summary>
public sealed class PredictionBatcher(IOptions<ServingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<IServableModel, ModelQueue> _queues = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether predictions of <paramref name="model"/> go through a micro-batch.</summary>
    public bool Applies(IServableModel model) => options.Value.MicroBatching && model.PrefersBatches;

    /// <summary>Scores <paramref name="input"/> in the next batch of <paramref name="model"/>; the element must stay alive until this completes.</summary>
    public Task<JsonObject> PredictAsync(IServableModel model, JsonElement input, CancellationToken cancellationToken = default)
    {
        var queue = _queues.GetOrAdd(model, m => new ModelQueue(m, options.Value, time));
        var pending = new Pending(input, new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ServerBusyException($"{options.Value.QueueCapacity} predictions are already waiting for this model; try again shortly", TimeSpan.FromSeconds(1));
        }
        return cancellationToken.CanBeCanceled
            ? pending.Result.Task.WaitAsync(cancellationToken)
            : pending.Result.Task;
    }

    private sealed record Pending(JsonElement Input, TaskCompletionSource<JsonObject> Result, CancellationToken Cancellation);

    private sealed class ModelQueue
    {
        private readonly Channel<Pending> _channel;
        private readonly IServableModel _model;
        private readonly ServingOptions _options;
        private readonly TimeProvider _time;

        public ModelQueue(IServableModel model, ServingOptions options, TimeProvider time)
        {
            _model = model;
            _options = options;
            _time = time;
            _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            // The loop lives as long as the process, like the loaded model it serves.
            _ = Task.Factory.StartNew(LoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        public ChannelWriter<Pending> Writer => _channel.Writer;

        private async Task LoopAsync()
        {
            var reader = _channel.Reader;
            var batch = new List<Pending>(_options.MaxMicroBatchSize);
            var previous = 0;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                Drain(reader, batch);
                if (previous > 1 && batch.Count < _options.MaxMicroBatchSize && _options.BatchWindow > TimeSpan.Zero)
                {
                    using var window = new CancellationTokenSource(_options.BatchWindow, _time);
                    try
                    {
                        while (batch.Count < _options.MaxMicroBatchSize && await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                        {
                            Drain(reader, batch);
                        }
                    }
                    catch (OperationCanceledException) when (window.IsCancellationRequested)
                    {
                        // The window closed: score what came.
                    }
                }
                previous = batch.Count;
                if (batch.Count > 0)
                {
                    Score(batch);
                }
            }
        }

        private void Drain(ChannelReader<Pending> reader, List<Pending> batch)
        {
            while (batch.Count < _options.MaxMicroBatchSize && reader.TryRead(out var pending))
            {
                // A caller that gave up is not scored.
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Result.TrySetCanceled(pending.Cancellation);
                    continue;
                }
                batch.Add(pending);
            }
        }

        private void Score(List<Pending> batch)
        {
            try
            {
                var outputs = _model.PredictBatch(batch.Select(p => p.Input).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(outputs[i]);
                }
            }
            catch (RelearnException) when (batch.Count > 1)
            {
                // One caller's bad input must not fail the others batched with it: score each alone, so each gets its own answer.
                foreach (var pending in batch)
                {
                    try
                    {
                        pending.Result.TrySetResult(_model.Predict(pending.Input));
                    }
                    catch (Exception e)
                    {
                        pending.Result.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(e);
                }
            }
        }
    }
}
