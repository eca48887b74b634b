using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Relearn.Core.Hosting;
using Relearn.Server;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// The package round trip of issue 13 with the real parts: a real server, <c>relearn models pull</c> and
/// <c>relearn predict PACKAGE</c> as real processes, and the sample program under samples/ — all must give the
/// server's predictions.
/// </summary>
public sealed class PackageRoundTripTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string[] Texts =
    [
        "The food was great and the staff were lovely.", "Cold, bland and overpriced.", "meh", "I would not go back, ever.",
        "Best phone I have owned", "battery died after two days", "ok i guess",
    ];

    [Fact]
    public async Task Sentiment_ServerPullThenOfflinePredict_GivesTheServersPredictions_Issue13()
    {
        using var home = new TempHome();
        var inputs = home.File("inputs.jsonl", string.Join('\n', Texts.Select(t => new JsonObject { ["text"] = t }.ToJsonString())));
        var folder = Path.Combine(home.Path, "pulled");
        var zip = Path.Combine(home.Path, "sentiment.zip");

        var pullFolder = await RunAsync(home.Path, "models", "pull", "sentiment@production", "--server", server.BaseAddress.ToString(), "--output", folder);
        var pullZip = await RunAsync(home.Path, "models", "pull", "sentiment:1", "--server", server.BaseAddress.ToString(), "--output", zip);
        var fromFolder = await RunAsync(home.Path, "predict", folder, "--input", inputs);
        var fromZip = await RunAsync(home.Path, "predict", zip, "--input", inputs);
        var sample = await RunSampleAsync(folder, inputs);

        Assert.True(pullFolder.ExitCode == 0, pullFolder.Stderr);
        Assert.True(pullZip.ExitCode == 0, pullZip.Stderr);
        Assert.Contains("pulled sentiment:1 (sha256 ", pullFolder.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "relearn-model.json")));
        Assert.True(File.Exists(Path.Combine(folder, "model-card.md")));
        using (var package = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package"))
        {
            Assert.Equal(await package.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(zip));
        }
        var expected = await ServerPredictionsAsync(server.Client, "sentiment", Texts.Select(t => (JsonNode)new JsonObject { ["text"] = t }));
        Assert.True(fromFolder.ExitCode == 0, fromFolder.Stderr);
        Assert.Equal(expected, Lines(fromFolder.Stdout));
        Assert.Equal(expected, Lines(fromZip.Stdout));
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        Assert.Equal(expected, Lines(sample.Stdout));
        Assert.Equal(Texts.Length, expected.Count);
    }

    [Fact]
    public async Task IssueClose_ServerWithTokens_PullThenOfflinePredict_GivesTheServersPredictions_Issue13()
    {
        using var home = new TempHome();
        var train = await RunAsync(home.Path, "train", "issue-close", "--data", Samples.Issues, "--trials", "2", "--format", "json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var issues = ReadIssues().Where(l => (string?)JsonNode.Parse(l)!["state"] == "open").Take(40).ToList();
        var inputs = home.File("open.jsonl", string.Join('\n', issues));
        var token = "rd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var tokenEnv = "RELEARN_TEST_PULL_TOKEN_" + Guid.NewGuid().ToString("N");
        var app = RelearnServer.Build(RelearnLocation.Resolve(home.Path), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Auth:Tokens:0:Name"] = "puller";
            builder.Configuration["Relearn:Auth:Tokens:0:Role"] = "read";
            builder.Configuration["Relearn:Auth:Tokens:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        await app.StartAsync();
        try
        {
            var url = app.Urls.Single();
            var folder = Path.Combine(home.Path, "issue-close");
            var refused = await RunAsync(home.Path, "models", "pull", "issue-close", "--server", url, "--output", folder);
            var pull = await RunAsync(home.Path, new Dictionary<string, string> { [tokenEnv] = token },
                "models", "pull", "issue-close", "--server", url, "--token-env", tokenEnv, "--output", folder);
            var offline = await RunAsync(home.Path, "predict", folder, "--input", inputs);
            var sample = await RunSampleAsync(folder, inputs);

            AssertFailed(refused, "answered 401");
            Assert.True(pull.ExitCode == 0, pull.Stderr);
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var expected = await ServerPredictionsAsync(client, "issue-close", issues.Select(i => JsonNode.Parse(i)!));
            Assert.True(offline.ExitCode == 0, offline.Stderr);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Lines(offline.Stdout));
            Assert.True(sample.ExitCode == 0, sample.Stderr);
            Assert.Equal(expected, Lines(sample.Stdout));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Pull_FromTheLocalStore_WritesTheSamePackageAsTheServer()
    {
        var zip = Path.Combine(server.Home, $"local-{Guid.NewGuid():N}.zip");

        var pull = await RunAsync(server.Home, "models", "pull", "sentiment:1", "--output", zip);

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        using var package = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package");
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(zip)))}\"", package.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Predict_OnACorruptedZip_IsOneLineAndNonZeroExit_Issue13()
    {
        using var home = new TempHome();
        var zip = Path.Combine(home.Path, "broken.zip");
        await File.WriteAllBytesAsync(zip, [.. "PK\u0003\u0004"u8, .. RandomNumberGenerator.GetBytes(300)]);

        var result = await RunAsync(home.Path, "predict", zip, "--input", """{"text":"hello"}""");

        AssertFailed(result, "is not a valid model package: the zip is damaged");
    }

    [Fact]
    public async Task Predict_OnAPackageWhoseModelWasSwapped_IsRefusedWithTheReason_Issue13()
    {
        using var home = new TempHome();
        var zip = Path.Combine(home.Path, "swapped.zip");
        await File.WriteAllBytesAsync(zip, await server.Client.GetByteArrayAsync("/api/v1/models/sentiment/versions/1/package"));
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var model = archive.GetEntry("model.zip")!;
            using var original = new MemoryStream();
            using (var stream = model.Open())
            {
                await stream.CopyToAsync(original);
            }
            model.Delete();
            await using var replaced = archive.CreateEntry("model.zip").Open();
            var bytes = original.ToArray();
            bytes[^100] ^= 0xff;
            await replaced.WriteAsync(bytes);
        }

        var result = await RunAsync(home.Path, "predict", zip, "--input", """{"text":"hello"}""");

        AssertFailed(result, "fails its digest check: model.zip has sha256");
    }

    [Fact]
    public async Task Pull_UnknownModel_OrNoServer_IsOneLine()
    {
        using var home = new TempHome();

        var unknown = await RunAsync(home.Path, "models", "pull", "nope", "--server", server.BaseAddress.ToString(), "--output", Path.Combine(home.Path, "x"));
        var missing = await RunAsync(home.Path, "predict", Path.Combine(home.Path, "missing.zip"), "--input", """{"text":"hello"}""");

        AssertFailed(unknown, "model 'nope' does not exist");
        AssertFailed(missing, "does not exist");
    }

    /// <summary>The server's predict-batch answers, as JSON lines comparable with relearn predict's (model and version on each, no prediction_id).</summary>
    private static async Task<List<string>> ServerPredictionsAsync(HttpClient client, string model, IEnumerable<JsonNode> instances)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/models/{model}/predict-batch", new JsonObject { ["instances"] = new JsonArray([.. instances]) });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. body["predictions"]!.AsArray().Select(p => p!.AsObject()).Where(p => !p.ContainsKey("skipped")).Select(p =>
        {
            p.Remove("prediction_id");
            p["model"] = (string?)body["model"];
            p["version"] = (int?)body["version"];
            return p.ToJsonString();
        })];
    }

    private static List<string> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(n => n["skipped"] is null).Select(n => n.ToJsonString())];

    /// <summary>Runs samples/PackageScoring from its own build output (same configuration as the tests) as any .NET program scoring a package would run.</summary>
    private static async Task<Result> RunSampleAsync(string package, string inputs)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var sample = Path.Combine(Samples.RepositoryRoot, "samples", "PackageScoring", "bin", output.Parent!.Name, output.Name, "PackageScoring.dll");
        Assert.True(File.Exists(sample), $"{sample} is missing: build the solution (the tests' project reference builds it)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(sample);
        start.ArgumentList.Add(package);
        start.ArgumentList.Add(inputs);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static IEnumerable<string> ReadIssues()
    {
        using var gzip = new GZipStream(File.OpenRead(Samples.Issues), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
