using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Relearn.Postgres.Workers;

// Hangfire dispatch overhead with Relearn's storage settings (PostgreSQL, own schema, LISTEN/NOTIFY):
//   latency    one empty job at a time: enqueue, wait until it succeeded (the round trip a stage pays at least once)
//   throughput N empty jobs enqueued at once, one worker: total / N (the cost per job when the queue is never empty)
// Usage: dotnet run -c Release --project bench/workers/HangfireDispatch -- postgresql://... [jobs]
var store = args.Length > 0 ? args[0] : throw new ArgumentException("usage: HangfireDispatch postgresql://user:pass@host:port/db [jobs]");
var jobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
GlobalConfiguration.Configuration.UseRelearnStorage(store);
var storage = JobStorage.Current;
using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1, ServerName = "bench" }, storage);
var client = new BackgroundJobClient(storage);

bool Succeeded(string id)
{
    using var connection = storage.GetConnection();
    return connection.GetStateData(id)?.Name == SucceededState.StateName;
}

// Warm up: the first job pays for JIT and the first connection.
var warm = client.Enqueue(() => EmptyJob.Run());
while (!Succeeded(warm)) { Thread.Sleep(5); }

var latencies = new List<double>();
for (var i = 0; i < jobs / 4; i++)
{
    var watch = Stopwatch.StartNew();
    var id = client.Enqueue(() => EmptyJob.Run());
    while (!Succeeded(id)) { Thread.Sleep(1); }
    latencies.Add(watch.Elapsed.TotalMilliseconds);
}
latencies.Sort();

var all = Stopwatch.StartNew();
var ids = Enumerable.Range(0, jobs).Select(_ => client.Enqueue(() => EmptyJob.Run())).ToList();
var enqueueMs = all.Elapsed.TotalMilliseconds;
foreach (var id in ids)
{
    while (!Succeeded(id)) { Thread.Sleep(2); }
}
var totalMs = all.Elapsed.TotalMilliseconds;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"round_trip_ms_median\": {latencies[latencies.Count / 2]:0.0}, \"round_trip_ms_p90\": {latencies[(int)(latencies.Count * 0.9)]:0.0}, "
    + $"\"round_trips\": {latencies.Count}, \"jobs\": {jobs}, \"enqueue_ms_per_job\": {enqueueMs / jobs:0.00}, \"ms_per_job_queued\": {totalMs / jobs:0.00}}}"));

/// <summary>The job: nothing, so what is measured is Hangfire's own work.</summary>
public static class EmptyJob
{
    public static void Run() { }
}
