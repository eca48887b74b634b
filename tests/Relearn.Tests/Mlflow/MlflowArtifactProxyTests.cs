using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowArtifactProxyTests(ServerFixture server)
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    [Fact]
    public async Task Upload_ThenDownloadListAndRunArtifacts_SeeTheSameBytes()
    {
        var (root, runId) = await NewRunRootAsync();
        var bytes = Encoding.UTF8.GetBytes("fpr,tpr\n0,0\n1,1\n");

        using var put = await server.Client.PutAsync($"{Proxy}/{root}/plots/roc.csv", new ByteArrayContent(bytes));
        using var get = await server.Client.GetAsync($"{Proxy}/{root}/plots/roc.csv");
        var folder = await ListAsync(root);
        var plots = await ListAsync(root + "/plots");
        var (_, listed) = await server.GetAsync($"artifacts/list?run_id={runId}&path=plots");
        var viaUi = await server.Client.GetByteArrayAsync($"/get-artifact?path=plots/roc.csv&run_uuid={runId}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes, viaUi);
        Assert.Equal([("plots", true)], folder.Select(f => ((string)f!["path"]!, (bool)f["is_dir"]!)));
        Assert.Equal("roc.csv", (string?)plots[0]!["path"]);
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)plots[0]!["file_size"]);
        Assert.Equal("plots/roc.csv", (string?)listed["files"]![0]!["path"]);
    }

    [Theory]
    [InlineData("/../secret")]
    [InlineData("/plots/../../../1/x")]
    [InlineData("/%2e%2e/secret")]
    [InlineData("/%2E%2E%2Fsecret")]
    [InlineData("/plots%2F..%2Fx")]
    [InlineData("/plots%5C..%5Cx")]
    [InlineData("/plots\\..\\x")]
    [InlineData("/plots%23frag")]
    [InlineData("/%252e%252e/secret")]
    [InlineData("/./x")]
    public async Task Upload_RefusesPathAttacks_WithMlflowErrors_AndRecordsNothing(string suffix)
    {
        var (root, runId) = await NewRunRootAsync();

        var (status, body) = await RawAsync("PUT", $"{Proxy}/{root}{suffix}", "x");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string?)body["error_code"]);
        Assert.Contains("Invalid path", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty((await server.Services.GetRequiredService<ITrackingStore>().GetRunAsync(runId))!.Artifacts);
        (status, body) = await RawAsync("GET", $"{Proxy}/{root}{suffix}", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string?)body["error_code"]);
    }

    [Theory]
    [InlineData("//etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("1/run/artifacts/../../../etc")]
    [InlineData("1/run/artifacts/#frag")]
    [InlineData("C:/Windows")]
    [InlineData("1/run/artifacts/%2e%2e/x")]
    [InlineData("1\\run\\artifacts")]
    public async Task ListAndGetArtifact_RefusePathAttacks(string path)
    {
        var (_, runId) = await NewRunRootAsync();

        using var list = await server.Client.GetAsync($"{Proxy}?path={Uri.EscapeDataString(path)}");
        using var ui = await server.Client.GetAsync($"/get-artifact?path={Uri.EscapeDataString(path)}&run_uuid={runId}");

        foreach (var response in new[] { list, ui })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("INVALID_PARAMETER_VALUE", (string?)body["error_code"]);
        }
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_IsRefusedBeforeReading_WithTheLimitInTheMessage()
    {
        var (root, runId) = await NewRunRootAsync();

        var (status, body) = await RawAsync("PUT", $"{Proxy}/{root}/huge.bin", null, contentLength: 512L * 1024 * 1024 + 1);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string?)body["error_code"]);
        Assert.Contains("over the limit of 536870912 bytes (512 MiB)", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty((await server.Services.GetRequiredService<ITrackingStore>().GetRunAsync(runId))!.Artifacts);
    }

    [Fact]
    public async Task Upload_ToAnUnknownRunOrTheWrongExperiment_IsNotFound()
    {
        var (root, _) = await NewRunRootAsync();
        var parts = root.Split('/');

        using var unknown = await server.Client.PutAsync($"{Proxy}/{parts[0]}/{Guid.NewGuid():N}/artifacts/x", new ByteArrayContent([1]));
        using var elsewhere = await server.Client.PutAsync($"{Proxy}/999999/{parts[1]}/artifacts/x", new ByteArrayContent([1]));
        using var missingFile = await server.Client.GetAsync($"{Proxy}/{root}/nothing-here");

        foreach (var response in new[] { unknown, elsewhere, missingFile })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("RESOURCE_DOES_NOT_EXIST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error_code"]);
        }
    }

    /// <summary>A new run and its artifact root without the scheme: <c>EXPERIMENT/RUN/artifacts</c>.</summary>
    private async Task<(string Root, string RunId)> NewRunRootAsync()
    {
        var runId = await server.NewRunAsync(await server.NewExperimentAsync("proxy"));
        var (_, run) = await server.GetAsync($"runs/get?run_id={runId}");
        var uri = (string)run["run"]!["info"]!["artifact_uri"]!;
        Assert.StartsWith("mlflow-artifacts:/", uri, StringComparison.Ordinal);
        return (uri["mlflow-artifacts:/".Length..], runId);
    }

    private async Task<JsonArray> ListAsync(string path)
    {
        var body = JsonNode.Parse(await server.Client.GetStringAsync($"{Proxy}?path={Uri.EscapeDataString(path)}"))!;
        return body["files"]!.AsArray();
    }

    /// <summary>Sends the request target byte for byte (HttpClient would normalise dot segments and escapes).</summary>
    private async Task<(HttpStatusCode Status, JsonObject Body)> RawAsync(string method, string target, string? body, long? contentLength = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var length = contentLength ?? (body is null ? 0 : Encoding.UTF8.GetByteCount(body));
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var status = (HttpStatusCode)int.Parse((await reader.ReadLineAsync())!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string? line;
        long responseLength = 0;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                responseLength = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var buffer = new char[responseLength];
        var read = 0;
        while (read < responseLength && await reader.ReadAsync(buffer.AsMemory(read)) is var n and > 0)
        {
            read += n;
        }
        return (status, JsonNode.Parse(new string(buffer, 0, read)) as JsonObject ?? []);
    }
}
