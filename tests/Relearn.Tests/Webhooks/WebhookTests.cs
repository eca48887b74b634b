using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Webhooks;
using Relearn.Tests.Cli;

namespace Relearn.Tests.Webhooks;

/// <summary>Promotion webhooks against a real receiver: signed, exactly one delivery per alias move, retried, never leaking a secret.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string SecretPath = "/hooks/path-secret-4711";
    private readonly TempHome _home = new();
    private readonly string _secret = "whsec-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _token = "ghp_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _secretEnv = "RELEARN_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
    private readonly string _tokenEnv = "RELEARN_TEST_HOOK_TOKEN_" + Guid.NewGuid().ToString("N");
    private readonly CapturingLoggerProvider _logs = new();

    public Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_secretEnv, _secret);
        Environment.SetEnvironmentVariable(_tokenEnv, _token);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_secretEnv, null);
        Environment.SetEnvironmentVariable(_tokenEnv, null);
        SqliteConnection.ClearAllPools();
        _home.Dispose();
        return Task.CompletedTask;
    }

    private ServiceProvider Services(string url, string format = WebhookOptions.RelearnFormat, string name = "deploy")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relearn:Webhooks:0:Name"] = name,
            ["Relearn:Webhooks:0:Url"] = url,
            ["Relearn:Webhooks:0:SecretEnv"] = _secretEnv,
            ["Relearn:Webhooks:0:Format"] = format,
            ["Relearn:WebhookDelivery:RetryDelay"] = "00:00:00.010",
        };
        if (format == WebhookOptions.GitHubRepositoryDispatchFormat)
        {
            settings["Relearn:Webhooks:0:TokenEnv"] = _tokenEnv;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)).AddSingleton<IConfiguration>(configuration)
            .AddRelearnCore(RelearnLocation.Resolve(_home.Path)).BuildServiceProvider();
    }

    /// <summary>Registers versions 1 and 2 of model <c>m</c> from a run, without training (a promotion to an empty alias evaluates nothing).</summary>
    private static async Task AddVersionsAsync(IServiceProvider services)
    {
        var tracking = services.GetRequiredService<ITrackingStore>();
        var experiment = await tracking.GetOrCreateExperimentAsync("m");
        var run = await tracking.CreateRunAsync(experiment.Id, "r");
        var store = services.GetRequiredService<IModelRegistryStore>();
        await store.CreateVersionAsync("m", "text-classification", run.RunId, "digest-1", null, new Dictionary<string, double> { ["auc"] = 0.9 });
        await store.CreateVersionAsync("m", "text-classification", run.RunId, "digest-2", null, new Dictionary<string, double> { ["auc"] = 0.95 });
    }

    [Fact]
    public async Task PromoteAndRollbackThroughTheRegistry_EachDeliveredExactlyOnce_Signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = Services(receiver.Url(SecretPath));
        await AddVersionsAsync(services);
        var store = services.GetRequiredService<IModelRegistryStore>();
        var registry = services.GetRequiredService<ModelRegistry>();
        var dispatcher = services.GetRequiredService<WebhookDispatcher>();
        // Before the hook exists: never sent (no flood of history).
        await store.MoveAliasAsync("m", "staging", null, 1, "promote", "test", "history");
        await dispatcher.RegisterHooksAsync();

        await registry.PromoteAsync("m", 1, actor: "alice");
        await dispatcher.DispatchPendingAsync();
        await store.MoveAliasAsync("m", ModelRegistry.DefaultAlias, 1, 2, "promote", "mlflow:bob", "by hand");
        await registry.RollbackAsync("m", actor: "carol");
        await dispatcher.DispatchPendingAsync();
        await dispatcher.DispatchPendingAsync();

        var events = receiver.Requests.ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.True(e.SignedWith(_secret), "bad signature"));
        Assert.All(events, e => Assert.Equal(SecretPath, e.Path));
        Assert.Equal(3, events.Select(e => (string?)e.Json["id"]).Distinct().Count());
        var promote = events[0].Json;
        Assert.Equal("relearn.alias_moved", (string?)promote["event"]);
        Assert.Equal("m", (string?)promote["model"]);
        Assert.Equal("production", (string?)promote["alias"]);
        Assert.Equal(1, (int?)promote["version"]);
        Assert.Null(promote["previous_version"]);
        Assert.Equal("promote", (string?)promote["action"]);
        Assert.Equal("alice", (string?)promote["actor"]);
        Assert.Equal("first holder of the alias", (string?)promote["reason"]);
        Assert.Equal(0.9, (double?)promote["metrics"]!["auc"]);
        Assert.NotNull(promote["at"]);
        Assert.Equal("mlflow:bob", (string?)events[1].Json["actor"]);
        var rollback = events[2].Json;
        Assert.Equal("rollback", (string?)rollback["action"]);
        Assert.Equal(1, (int?)rollback["version"]);
        Assert.Equal(2, (int?)rollback["previous_version"]);
        var deliveries = await services.GetRequiredService<IWebhookStore>().ListDeliveriesAsync();
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((1, 204), (d.Attempt, d.StatusCode)));
    }

    [Fact]
    public async Task AReceiverThatFailsTwice_ThreeAttemptsRecorded_DeliveredOnce_NoSecretLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var services = Services(receiver.Url(SecretPath));
        await AddVersionsAsync(services);
        var dispatcher = services.GetRequiredService<WebhookDispatcher>();
        await dispatcher.RegisterHooksAsync();

        await services.GetRequiredService<ModelRegistry>().PromoteAsync("m", 1);
        var delivered = await dispatcher.DispatchPendingAsync();
        var again = await dispatcher.DispatchPendingAsync();

        Assert.Equal(1, delivered);
        Assert.Equal(0, again);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Accepted);
        var deliveries = (await services.GetRequiredService<IWebhookStore>().ListDeliveriesAsync()).Reverse().ToList();
        Assert.Equal([1, 2, 3], deliveries.Select(d => d.Attempt));
        Assert.Equal([500, 500, 204], deliveries.Select(d => d.StatusCode ?? 0));
        Assert.Single(deliveries, d => d.DeliveredAt is not null);
        Assert.Equal("HTTP 500", deliveries[0].Error);
        Assert.NotNull(deliveries[0].NextAttemptAt);
        Assert.Contains("failed event", _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("path-secret", _logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubRepositoryDispatch_HasGitHubsShape_AndTheTokenAsBearer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = Services(receiver.Url("/repos/acme/models/dispatches"), WebhookOptions.GitHubRepositoryDispatchFormat);
        await AddVersionsAsync(services);
        var dispatcher = services.GetRequiredService<WebhookDispatcher>();
        await dispatcher.RegisterHooksAsync();

        await services.GetRequiredService<ModelRegistry>().PromoteAsync("m", 2, actor: "ci");
        await dispatcher.DispatchPendingAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal($"Bearer {_token}", request.Authorization);
        Assert.True(request.SignedWith(_secret));
        var json = request.Json.AsObject();
        Assert.Equal(["event_type", "client_payload"], json.Select(p => p.Key));
        Assert.Equal("relearn-alias-moved", (string?)json["event_type"]);
        var payload = json["client_payload"]!.AsObject();
        Assert.True(payload.Count <= 10, "GitHub allows at most 10 top-level client_payload properties");
        Assert.Equal("m", (string?)payload["model"]);
        Assert.Equal(2, (int?)payload["version"]);
        Assert.Equal("ci", (string?)payload["actor"]);
        Assert.Equal(0.95, (double?)payload["metrics"]!["auc"]);
        Assert.DoesNotContain(_token, _logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromoteAndRollbackThroughTheCliProcess_DeliverWithoutAServer_AndTheLogHidesSecrets()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using (var services = Services(receiver.Url(SecretPath)))
        {
            await AddVersionsAsync(services);
        }
        SqliteConnection.ClearAllPools();
        // The CLI reads appsettings.json in its working folder (the home here); the secret stays in the environment it inherits.
        _home.File("appsettings.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            Relearn = new { Webhooks = new[] { new { Name = "deploy", Url = receiver.Url(SecretPath), SecretEnv = _secretEnv } } },
        }));

        var promote = await RelearnProcess.RunAsync(_home.Path, "models", "promote", "m:1");
        var afterPromote = receiver.Requests.Count;
        await using (var services = Services(receiver.Url(SecretPath)))
        {
            await services.GetRequiredService<IModelRegistryStore>().MoveAliasAsync("m", ModelRegistry.DefaultAlias, 1, 2, "promote", "test", null);
        }
        SqliteConnection.ClearAllPools();
        var rollback = await RelearnProcess.RunAsync(_home.Path, "models", "rollback", "m");
        var deliveries = await RelearnProcess.RunAsync(_home.Path, "webhooks", "deliveries", "--format", "json");
        var table = await RelearnProcess.RunAsync(_home.Path, "webhooks", "deliveries");

        Assert.True(promote.ExitCode == 0, promote.Stderr);
        Assert.Equal(1, afterPromote);
        Assert.True(rollback.ExitCode == 0, rollback.Stderr);
        var events = receiver.Requests.ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.True(e.SignedWith(_secret)));
        Assert.Equal(["promote", "promote", "rollback"], events.Select(e => (string?)e.Json["action"]));
        Assert.StartsWith("cli:", (string?)events[0].Json["actor"], StringComparison.Ordinal);
        Assert.Equal(0, deliveries.ExitCode);
        var rows = deliveries.Json.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r!["delivered_at"]));
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("deploy", table.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { promote.Stdout, promote.Stderr, rollback.Stdout, deliveries.Stdout, table.Stdout })
        {
            Assert.DoesNotContain(_secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain("path-secret", output, StringComparison.Ordinal);
        }
    }
}
