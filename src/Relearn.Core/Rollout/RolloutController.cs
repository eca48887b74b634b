using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core.Serving;

namespace Relearn.Core.Rollout;

/// <summary>
/// Drives rollouts in <c>relearn serve</c>: each pass adds this replica's request counters to the store, reads the live
/// rollouts into the <see cref="RolloutRouter"/> (loading each challenger before it takes traffic), judges each one with
/// the gate, and runs the retraining policies. Everything it reads is in the store, so a restarted server carries on
/// where the last one was. A failing pass is logged and the next one tries again: the host never goes down for it.
/// </summary>
public sealed class RolloutController(IRolloutStore store, RolloutService rollouts, RolloutRouter router, ModelHost host, RetrainingLoop retraining,
    IOptions<RolloutOptions> options, TimeProvider time, ILogger<RolloutController> logger) : BackgroundService
{
    /// <summary>One pass: store counters, refresh routing, judge, retrain.</summary>
    public async Task PassAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (id, delta) in router.TakeCounts())
        {
            try
            {
                await store.AddRolloutStatsAsync(id, delta, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Kept for the next pass: a busy store delays the counts, never loses them.
                router.Restore(id, delta);
                logger.RolloutPassFailed(e);
            }
        }
        var live = await store.ListLiveRolloutsAsync(cancellationToken);
        foreach (var rollout in live)
        {
            // Loaded before the router sends it a request: the first canary request never waits on a model load.
            await host.GetAsync(rollout.Model, null, rollout.Challenger, cancellationToken);
        }
        router.Update(live);
        var decided = false;
        foreach (var rollout in live)
        {
            decided |= await rollouts.JudgeAsync(rollout, cancellationToken) is not null;
        }
        if (decided)
        {
            router.Update(await store.ListLiveRolloutsAsync(cancellationToken));
        }
        await retraining.PassAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.RolloutPassFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>How often rollouts are judged and retraining policies checked (<c>Relearn:Rollout</c>).</summary>
public sealed class RolloutOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Relearn:Rollout";

    /// <summary>Appends <paramref name="pipelines"/> to <c>Relearn:Rollout:Pipelines</c>: what <c>relearn serve --pipeline</c> does.</summary>
    public static void AddPipelines(IConfiguration configuration, IReadOnlyList<string> pipelines)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(pipelines);
        var configured = configuration.GetSection($"{Section}:{nameof(Pipelines)}").GetChildren().Count();
        for (var i = 0; i < pipelines.Count; i++)
        {
            configuration[$"{Section}:{nameof(Pipelines)}:{configured + i}"] = pipelines[i];
        }
    }

    /// <summary>Time between passes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pipelines (built-in names or files) whose <c>retrain:</c> policies this server runs (<c>relearn serve --pipeline</c>).</summary>
    public string[] Pipelines { get; set; } = [];

    /// <summary>Shortest time between two drift checks of a model's drift trigger (each reads its window and tests every column).</summary>
    public TimeSpan DriftCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A retraining claimed longer ago than this and not finished is taken over (its process died).</summary>
    public TimeSpan RetrainStaleAfter { get; set; } = TimeSpan.FromHours(2);
}
