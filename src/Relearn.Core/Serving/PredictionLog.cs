using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Core.Serving;

/// <summary>
/// Appends every prediction to JSON Lines files, <c>predictions/{model}/{yyyy-MM-dd}.jsonl</c> under the home
/// folder, which pandas, DuckDB, Spark or <c>jq</c> read as they are, and to the metadata store
/// (<see cref="IPredictionStore"/>), where every replica on the same database finds them when labels arrive.
/// Requests only enqueue; one background writer does the I/O in batches, so scoring never waits on disk or the
/// database. Failures are logged, never thrown at a request.
/// </summary>
public sealed class PredictionLog : IAsyncDisposable, IDisposable
{
    private readonly string _root;
    private readonly ILogger<PredictionLog> _logger;
    private readonly Channel<PredictionRecord> _queue = Channel.CreateBounded<PredictionRecord>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task _writer;
    private readonly IPredictionStore? _store;
    private long _dropped;
    private long _queued;
    private long _done;
    private TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// How long the writer gathers records before a write: long enough that a write carries hundreds of records under load,
    /// short enough that a batch's burst of work does not show in the p99 (50 ms: p99 5.5-6.5 ms, 10 ms: 4.5 ms; 200 ms: 11-12 ms
    /// with wrk -t2 -c32 on 2 cores).
    /// </summary>
    internal static readonly TimeSpan GatherInterval = TimeSpan.FromMilliseconds(10);

    private const int MaxBatch = 10_000;

    /// <summary>Starts the writer for files under <paramref name="root"/> and, when given, the store.</summary>
    public PredictionLog(string root, ILogger<PredictionLog> logger, IPredictionStore? store = null)
    {
        _root = root;
        _logger = logger;
        _store = store;
        // Its own thread, not the thread pool's: a batch's writes then share the CPUs with requests by the OS scheduler's
        // time slices instead of holding one of the few pool threads that run requests (on 2 cores that is the p99).
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Waits (up to five seconds) until every record queued before the call has been written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        Volatile.Read(ref _flushRequested).TrySetResult();
        for (var waited = 0; Interlocked.Read(ref _done) < target && waited < 5000; waited += 5)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Records dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a record; never blocks.</summary>
    public void Append(PredictionRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _queued);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>The log file for a model and day.</summary>
    public string PathFor(string model, DateOnly day) =>
        Path.Combine(_root, model, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

    private void WriteLoop()
    {
        var batch = new List<PredictionRecord>();
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            // Gathers for a moment before writing: one file write and one store transaction per interval instead of per
            // handful of records, and requests rarely wake the writer (on 2 cores the wake-ups and small writes cost
            // more CPU than the scoring; docs/benchmarks.md). A flush (feedback, a monitor check) cuts the wait short.
            var flush = Volatile.Read(ref _flushRequested);
            flush.Task.Wait(GatherInterval);
            Interlocked.CompareExchange(ref _flushRequested, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), flush);
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }
            WriteFiles(batch, buffer, json);
            Store(batch);
            Interlocked.Add(ref _done, batch.Count);
        }
    }

    /// <summary>Appends the batch to its files (one per model and day), each with one synchronous write.</summary>
    private void WriteFiles(List<PredictionRecord> batch, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        try
        {
            foreach (var file in batch.GroupBy(r => (r.Model, Day: DateOnly.FromDateTime(r.Timestamp.UtcDateTime))))
            {
                var path = PathFor(file.Key.Model, file.Key.Day);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                buffer.ResetWrittenCount();
                foreach (var record in file)
                {
                    Write(buffer, json, record);
                }
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
                stream.Write(buffer.WrittenSpan);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.PredictionLogWriteFailed(e, batch.Count);
        }
    }

    /// <summary>Writes a batch to the store; a failing database loses the batch's ids for feedback, never a request.</summary>
    private void Store(List<PredictionRecord> batch)
    {
        if (_store is null)
        {
            return;
        }
        try
        {
            _store.AppendPredictionsAsync(batch.Select(r => new StoredPrediction(r.PredictionId, r.Model, r.Version, r.Timestamp, r.InputJson, r.OutputJson)).ToList())
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.PredictionLogWriteFailed(e, batch.Count);
        }
    }

    /// <summary>One JSON line: <c>prediction_id, timestamp, model, version, input, output, latency_ms</c>.</summary>
    private static void Write(ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, PredictionRecord record)
    {
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("prediction_id", record.PredictionId);
        json.WriteString("timestamp", record.Timestamp);
        json.WriteString("model", record.Model);
        json.WriteNumber("version", record.Version);
        json.WritePropertyName("input");
        json.WriteRawValue(record.InputJson, skipInputValidation: true);
        json.WritePropertyName("output");
        json.WriteRawValue(record.OutputJson, skipInputValidation: true);
        json.WriteNumber("latency_ms", Math.Round(record.LatencyMs, 4));
        json.WriteEndObject();
        json.Flush();
        buffer.Write("\n"u8);
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Volatile.Read(ref _flushRequested).TrySetResult();
        await _writer;
    }

    /// <summary>
    /// Drains the queue as <see cref="DisposeAsync"/> does, for a service provider disposed synchronously (a short-lived
    /// CLI or test container that resolved a step depending on the log); the writer never waits on the caller's context.
    /// </summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        Volatile.Read(ref _flushRequested).TrySetResult();
        _writer.GetAwaiter().GetResult();
    }
}
