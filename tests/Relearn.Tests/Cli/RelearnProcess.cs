using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Cli;

/// <summary>Runs the real <c>relearn</c> executable (built next to the tests) as a child process.</summary>
internal static class RelearnProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("no JSON on stdout");
    }

    public static Task<Result> RunAsync(string home, params string[] args) => RunAsync(home, new Dictionary<string, string>(), args);

    /// <summary>Runs relearn with extra environment variables (e.g. a bearer token for <c>models pull --token-env</c>).</summary>
    public static async Task<Result> RunAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(home, environment, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung process, not a speed check (quickstart's time is measured in docs/benchmarks.md): on a
        // loaded 2-core machine quickstart alone has taken over 2 minutes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"relearn {string.Join(' ', args)} did not finish in 12 minutes");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts relearn without waiting for it (stdin, stdout and stderr redirected), e.g. to kill it midway.</summary>
    public static Process Start(string home, params string[] args) => Start(home, new Dictionary<string, string>(), args);

    /// <summary>Starts relearn with extra environment variables (e.g. <c>Relearn__Pipelines__LeaseDuration</c>).</summary>
    public static Process Start(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relearn.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add("--home");
        start.ArgumentList.Add(home);
        start.Environment.Remove("RELEARN_HOME");
        start.Environment.Remove("RELEARN_STORE");
        start.Environment.Remove("RELEARN_ARTIFACTS");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    /// <summary>
    /// Reads a started process's stdout and stderr lines into <paramref name="output"/> (locked while written) from now
    /// on; the task completes with the first line <paramref name="ready"/> accepts (a long-running verb's "up" line).
    /// </summary>
    public static Task<string> CollectOutput(Process process, StringBuilder output, Func<string, bool> ready)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (ready(e.Data))
            {
                seen.TrySetResult(e.Data);
            }
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return seen.Task;
    }

    /// <summary>Asserts a failure: non-zero exit, one line on stderr containing <paramref name="reason"/>, no stack trace.</summary>
    public static void AssertFailed(Result result, string reason)
    {
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("relearn: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>A home folder deleted at the end.</summary>
internal sealed class TempHome : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("relearn-cli-").FullName;

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Every stored artifact object, to prove a failed command stored nothing.</summary>
    public string[] Objects()
    {
        var objects = System.IO.Path.Combine(Path, "artifacts", "objects");
        return Directory.Exists(objects) ? Directory.GetFiles(objects, "*", SearchOption.AllDirectories).Order().ToArray() : [];
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
