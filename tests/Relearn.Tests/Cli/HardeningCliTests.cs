using System.Net;
using System.Net.Sockets;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>Issue 15's CLI findings: every refusal is one line naming what the user gave, never a host log or a stack trace.</summary>
public sealed class HardeningCliTests
{
    [Fact]
    public async Task Predict_BinaryOrNonUtf8Input_OrAnUnwritableOutput_FailsWithOneLineNamingTheUsersPath_Issue15()
    {
        using var home = new TempHome();
        var train = await RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp, "--promote", "production", "--format", "json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var garbage = Path.Combine(home.Path, "garbage.bin");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256))]);
        var latin1 = Path.Combine(home.Path, "latin1.txt");
        await File.WriteAllBytesAsync(latin1, [.. "caf"u8, 0xE9, .. " tr"u8, 0xE8, .. "s bon\n"u8]);
        var nul = Path.Combine(home.Path, "nul.txt");
        await File.WriteAllBytesAsync(nul, [.. "good text\nbad"u8, 0, .. "text\n"u8]);
        var texts = home.File("texts.txt", "I love this phone\n");
        var missingFolder = Path.Combine(home.Path, "no-such-folder", "out.jsonl");
        var folder = Directory.CreateDirectory(Path.Combine(home.Path, "a-folder")).FullName;

        var binary = await RunAsync(home.Path, "predict", "sentiment", "--input", garbage);
        var notUtf8 = await RunAsync(home.Path, "predict", "sentiment", "--input", latin1);
        var withNul = await RunAsync(home.Path, "predict", "sentiment", "--input", nul);
        var noFolder = await RunAsync(home.Path, "predict", "sentiment", "--input", texts, "--output", missingFolder);
        var isFolder = await RunAsync(home.Path, "predict", "sentiment", "--input", texts, "--output", folder);

        AssertFailed(binary, $"{garbage} is not UTF-8 text");
        AssertFailed(notUtf8, $"{latin1} is not UTF-8 text");
        AssertFailed(withNul, $"{nul} is a binary file");
        AssertFailed(noFolder, $"cannot write {missingFolder}: its folder does not exist");
        AssertFailed(isFolder, $"cannot write {folder}");
        foreach (var result in new[] { noFolder, isFolder })
        {
            Assert.DoesNotContain(".tmp", result.Stderr, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(home.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Serve_BeyondLoopbackWithoutTokens_PrintsTheOneLineOnly_NoHostLog_Issue15()
    {
        using var home = new TempHome();

        var refused = await RunAsync(home.Path, "serve", "--urls", "http://0.0.0.0:0");

        AssertFailed(refused, "refusing to serve http://0.0.0.0:0 beyond loopback without access tokens");
        Assert.DoesNotContain("fail:", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refused.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnAPortInUse_PrintsTheOneLineOnly_Issue15()
    {
        using var home = new TempHome();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var refused = await RunAsync(home.Path, "serve", "--urls", url);

        AssertFailed(refused, $"cannot listen on {url}");
        Assert.DoesNotContain("fail:", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stdout, StringComparison.Ordinal);
    }
}
