using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Tests.Pipelines;

public sealed class PipelineAlertTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task AMetricBelowItsThreshold_FailsTheRunRed_NotifiesTheWebhook_AndNeverRunsPromotion()
    {
        using var hook = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort()}/alerts/";
        hook.Prefixes.Add(url);
        hook.Start();
        var received = ReceiveOneAsync(hook);

        var result = await _fixture.RunAsync($$"""
            name: gated
            params: {floor: "0.60"}
            stages:
              evaluate:
                run: "echo '{\"auc\": 0.55, \"n\": 10}' > metrics.json"
                with: {metrics: metrics.json}
                alerts: [{metric: auc, below: "${params.floor}", webhook: "{{url}}"}]
              promote: {run: "touch promoted", after: [evaluate]}
            """);
        var alert = await received.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal("alert: stage evaluate: auc 0.55 is below the threshold 0.6", result.Run.Error);
        var evaluate = Assert.Single(result.Attempts);
        Assert.Equal(StageState.Failed, evaluate.State);
        Assert.Equal(0.55, evaluate.Metrics["auc"]);
        Assert.False(File.Exists(Path.Combine(_fixture.Project, "promoted")));
        Assert.Equal("relearn.quality_alert", (string?)alert["event"]);
        Assert.Equal("gated/evaluate", (string?)alert["model"]);
        Assert.Equal(0.6, (double?)alert["threshold"]);
        Assert.Equal("below", (string?)alert["direction"]);
        Assert.Contains("auc 0.55 is below the threshold 0.6", (string?)alert["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetricAboveItsCeiling_FailsTheRun_AndTheAlertSaysAbove()
    {
        using var hook = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort()}/alerts/";
        hook.Prefixes.Add(url);
        hook.Start();
        var received = ReceiveOneAsync(hook);

        var result = await _fixture.RunAsync($$"""
            name: capped
            stages:
              evaluate:
                run: "echo '{\"logloss\": 0.9}' > metrics.json"
                with: {metrics: metrics.json}
                alerts: [{metric: logloss, above: "0.7", webhook: "{{url}}"}]
            """);
        var alert = await received.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal("alert: stage evaluate: logloss 0.9 is above the threshold 0.7", result.Run.Error);
        Assert.Equal("above", (string?)alert["direction"]);
        Assert.Contains("logloss 0.9 is above the threshold 0.7", (string?)alert["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetricAboveItsFloor_PassesAndPromotionRuns()
    {
        var result = await _fixture.RunAsync("""
            name: gated
            stages:
              evaluate: {run: "echo '{\"auc\": 0.71}' > m.json", with: {metrics: m.json}, alerts: [{metric: auc, below: "0.60"}]}
              promote: {run: "touch promoted", after: [evaluate]}
            """);

        Assert.True(result.Succeeded, result.Run.Error);
        Assert.True(File.Exists(Path.Combine(_fixture.Project, "promoted")));
    }

    private static async Task<JsonNode> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        var body = await JsonNode.ParseAsync(context.Request.InputStream);
        context.Response.StatusCode = 204;
        context.Response.Close();
        return body!;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => _fixture.Dispose();
}
