using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowArtifactTests(ServerFixture server)
{
    [Fact]
    public async Task List_ShowsFilesAndDirectoriesOfARun()
    {
        var runId = await server.NewRunAsync(await server.NewExperimentAsync());
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        await tracking.AddArtifactAsync(runId, "model", new ArtifactRef(new string('a', 64), 10));
        await tracking.AddArtifactAsync(runId, "plots/roc.png", new ArtifactRef(new string('b', 64), 20));
        await tracking.AddArtifactAsync(runId, "plots/deep/pr.png", new ArtifactRef(new string('c', 64), 30));

        var (status, root) = await server.GetAsync($"artifacts/list?run_id={runId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["model", "plots"], root["files"]!.AsArray().Select(f => (string)f!["path"]!));
        Assert.Equal(10, (long)root["files"]![0]!["file_size"]!);
        Assert.True((bool)root["files"]![1]!["is_dir"]!);

        var (_, plots) = await server.GetAsync($"artifacts/list?run_uuid={runId}&path=plots");
        Assert.Equal(["plots/deep", "plots/roc.png"], plots["files"]!.AsArray().Select(f => (string)f!["path"]!));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc/passwd")]
    [InlineData("plots/../../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows")]
    [InlineData("plots%2F..%2F..")] // arrives as %2F after one decoding: encoded twice on the wire
    [InlineData("%2E%2E/secret")]
    [InlineData("plots%5C..")]
    [InlineData("plots\\..\\..")]
    [InlineData("plots#frag")]
    [InlineData("file:///etc/passwd")]
    public async Task List_RefusesPathAttacks(string path)
    {
        var runId = server.YelpRun.RunId;
        var (status, body) = await server.GetAsync($"artifacts/list?run_id={runId}&path={Uri.EscapeDataString(path)}");
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
        (status, body) = await server.PostAsync("artifacts/list", new { run_id = runId, path });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
    }
}
