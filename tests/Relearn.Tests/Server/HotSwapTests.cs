using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;

namespace Relearn.Tests.Server;

public sealed class HotSwapTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Promote_WhileUnderLoad_SwitchesVersion_WithZeroFailedRequests()
    {
        var registry = server.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync("swap", server.YelpRun.RunId);
        await registry.RegisterAsync("swap", server.AmazonRun.RunId);
        await registry.PromoteAsync("swap", 1);

        var failures = new ConcurrentBag<string>();
        var versions = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var sawVersion1 = new TaskCompletionSource();
        var sawVersion2 = new TaskCompletionSource();

        // Eight clients, each bounded to 30 s, hammering predict until told to stop.
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            while (!limit.IsCancellationRequested)
            {
                using var response = await server.Client.PostAsJsonAsync("/api/v1/models/swap/predict", new { text = $"pretty good phone {worker}" }, CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    continue;
                }
                var version = (int)(await response.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["version"]!;
                versions.Add(version);
                (version == 2 ? sawVersion2 : sawVersion1).TrySetResult();
            }
        })).ToArray();

        // Promote only once version 1 is being served under load (a fixed delay was too short on a loaded machine).
        Assert.True(await Task.WhenAny(sawVersion1.Task, Task.Delay(TimeSpan.FromSeconds(20))) == sawVersion1.Task, "version 1 was never served");
        await Task.Delay(300);
        var promotion = await registry.PromoteAsync("swap", 2, force: true);
        var switched = await Task.WhenAny(sawVersion2.Task, Task.Delay(TimeSpan.FromSeconds(20))) == sawVersion2.Task;
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(promotion.Promoted);
        Assert.True(switched, "the server never served version 2 after the promotion");
        Assert.Empty(failures);
        Assert.Contains(1, versions);
        Assert.Equal(2, (int?)(await server.PredictAsync("swap", "after"))["version"]);
    }
}
