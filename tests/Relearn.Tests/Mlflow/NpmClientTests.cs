using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Mlflow;

/// <summary>
/// The npm <c>mlflow</c> client (2.0.7; its package.json and lock file are committed in Mlflow/node) against the
/// real server: a client nobody here wrote, with its quirks (experiments/list, run_uuid beside run_id, a
/// set-experiment-tag path without its slash).
/// </summary>
[Collection(MlflowCollection.Name)]
public sealed class NpmClientTests(ServerFixture server)
{
    private static string NodeFolder => Path.Combine(Samples.RepositoryRoot, "tests", "Relearn.Tests", "Mlflow", "node");

    [Fact]
    public async Task NpmMlflowClient_CreatesLogsSearchesAndReadsHistory()
    {
        if (!Directory.Exists(Path.Combine(NodeFolder, "node_modules")))
        {
            var install = await RunAsync("npm", "ci --no-audit --no-fund");
            Assert.True(install.ExitCode == 0, $"npm ci failed: {install.Stderr}");
        }
        var (exitCode, stdout, stderr) = await RunAsync("node", $"script.js {server.BaseAddress.ToString().TrimEnd('/')}");
        Assert.True(exitCode == 0, $"node failed ({exitCode}): {stderr}\n{stdout}");
        var line = stdout.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        var result = JsonNode.Parse(line["RESULT ".Length..])!.AsObject();

        var runId = (string)result["run_id"]!;
        Assert.Equal([runId], result["found"]!.AsArray().Select(r => (string)r!));
        var history = result["history"]!.AsArray().Select(m => (double)m!["value"]!).ToArray();
        Assert.Equal(3, history.Length);
        Assert.Equal(1.0, history[0], 6);
        Assert.Equal(0.5, history[1], 6);
        Assert.Equal(1.0 / 3, history[2], 6);
        Assert.Equal("FINISHED", (string?)result["status"]);
        Assert.True((bool)result["listed"]!);
        Assert.Contains(result["experiment_tags"]!.AsArray(), t => (string?)t!["key"] == "client");
        Assert.Contains(result["params"]!.AsArray(), p => (string?)p!["key"] == "epochs" && (string?)p["value"] == "3");
        Assert.Contains(result["tags"]!.AsArray(), t => (string?)t!["key"] == "stage" && (string?)t["value"] == "done");
        Assert.Equal(400, (int)result["bad_filter"]!["status"]!);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string?)result["bad_filter"]!["data"]!["error_code"]);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = NodeFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
