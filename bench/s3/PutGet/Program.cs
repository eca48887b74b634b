// Times put and get of random blobs through S3ArtifactStore against the server in AWS_ENDPOINT_URL_S3.
// Usage: PutGet [repeats] [sizes in MiB...]; prints the median of the repeats. Run by bench/s3/put_get.sh.
using System.Diagnostics;
using Amazon.S3.Util;
using Microsoft.Extensions.Logging.Abstractions;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;
using Relearn.S3;

var repeats = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
int[] sizes = args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1, 16, 64];
using var client = S3ClientFactory.Create();
var bucket = "relearn-bench-" + Guid.NewGuid().ToString("N")[..12];
var spool = Directory.CreateTempSubdirectory("relearn-bench-").FullName;
var store = new S3ArtifactStore(client, new S3ArtifactStoreOptions { Location = new S3ArtifactsUri(bucket, "bench"), SpoolFolder = spool },
    TimeProvider.System, NullLogger<S3ArtifactStore>.Instance);
await store.PutBytesAsync([1]); // creates the bucket and warms the connection
Console.WriteLine($"{"MiB",4} {"put ms",8} {"put MiB/s",10} {"get ms",8} {"get MiB/s",10} {"re-put ms",10}");
try
{
    foreach (var mib in sizes)
    {
        var put = new List<double>();
        var get = new List<double>();
        var reput = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var bytes = new byte[mib * 1024 * 1024];
            Random.Shared.NextBytes(bytes); // new content each time: every put uploads
            var watch = Stopwatch.StartNew();
            var stored = await store.PutBytesAsync(bytes);
            put.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await using (var read = await store.OpenReadAsync(stored.Digest))
            {
                await read.CopyToAsync(Stream.Null); // verifies the digest at the end
            }
            get.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await store.PutBytesAsync(bytes); // same content: hashed and spooled, then skipped
            reput.Add(watch.Elapsed.TotalMilliseconds);
        }
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"{mib,4} {Median(put),8:0} {mib / Median(put) * 1000,10:0.0} {Median(get),8:0} {mib / Median(get) * 1000,10:0.0} {Median(reput),10:0}");
    }
}
finally
{
    await AmazonS3Util.DeleteS3BucketWithObjectsAsync(client, bucket);
    Directory.Delete(spool, recursive: true);
}
