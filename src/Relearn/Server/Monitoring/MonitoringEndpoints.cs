using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Relearn.Core;
using Relearn.Core.Monitoring;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Server.Monitoring;

/// <summary>
/// <c>GET /api/v1/models/{name}/monitoring</c> (what the monitoring page draws), <c>POST .../monitoring/check</c> (a check
/// now) and <c>GET .../monitoring/reports/{run}</c> (a check's self-contained HTML report).
/// </summary>
internal static class MonitoringEndpoints
{
    /// <summary>Most checks listed.</summary>
    public const int MaxChecks = 200;

    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models/{name}/monitoring").WithTags("Monitoring");
        models.MapGet("", GetAsync)
            .WithName("GetModelMonitoring").WithSummary("A model's recorded monitoring checks (drift share, labelled metrics), the newest check's columns and labelled performance per day next to the reference metrics.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/check", CheckAsync)
            .WithName("CheckModelMonitoring").WithSummary("Runs a monitoring check now: drift of ?since=24h (or ?last=N predictions) of ?version= or ?alias= (default production) against its reference profile, and labelled metrics; recorded as a run.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        models.MapGet("/reports/{run}", ReportAsync)
            .WithName("GetMonitoringReport").WithSummary("The self-contained HTML drift report of one check.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<MonitoringResponse>> GetAsync(string name, int? limit, IModelRegistryStore registry, ITrackingStore tracking, IArtifactStore artifacts,
        ModelMonitor monitor, CancellationToken cancellationToken)
    {
        var model = await registry.GetModelAsync(ModelReference.RequireName(name, "model name"), cancellationToken)
            ?? throw RelearnException.NotFound($"model '{name}' does not exist");
        if (limit is < 1 or > MaxChecks)
        {
            throw RelearnException.Invalid($"limit must be between 1 and {MaxChecks}");
        }
        var checks = new List<MonitoringCheckSummary>();
        Run? newest = null;
        foreach (var info in await tracking.ListRunsAsync(ModelMonitor.ExperimentName(model.Name), limit ?? 50, cancellationToken))
        {
            if (await tracking.GetRunAsync(info.RunId, cancellationToken) is not { Info.Status: RunStatus.Finished } run)
            {
                continue;
            }
            newest ??= run;
            checks.Add(new MonitoringCheckSummary(run.Info.RunId, run.Info.StartTime, run.Tags.GetValueOrDefault("relearn.version", ""),
                run.Tags.GetValueOrDefault("relearn.window", ""), run.Tags.GetValueOrDefault("relearn.verdict", ""), run.Metrics,
                $"/api/v1/models/{Uri.EscapeDataString(model.Name)}/monitoring/reports/{run.Info.RunId}"));
        }
        var columns = new List<MonitoringColumn>();
        IReadOnlyDictionary<string, double> reference = new Dictionary<string, double>();
        if (newest?.Artifacts.FirstOrDefault(a => a.Path == ModelMonitor.DriftArtifact) is { } drift)
        {
            var report = JsonSerializer.Deserialize<DriftReport>(await artifacts.ReadBytesAsync(drift.Digest, cancellationToken), DriftJson.Compact)!;
            columns.AddRange(report.Columns.Select(c => new MonitoringColumn(c.Column, c.Type.ToString().ToLowerInvariant(), c.Test,
                Finite(c.Statistic), Finite(c.PValue), c.Threshold, c.Drift)));
            reference = report.ReferenceMetrics ?? reference;
        }
        var performance = (await monitor.PerformanceOverTimeAsync(model.Name, null, TimeSpan.FromDays(1), cancellationToken))
            .Select(p => new MonitoringPerformance(p.Label, p.Labelled, p.Metrics)).ToList();
        return TypedResults.Ok(new MonitoringResponse(model.Name, checks, columns, reference, performance, await monitor.FeedbackCountAsync(model.Name, cancellationToken)));
    }

    private static async Task<Ok<MonitoringCheckSummary>> CheckAsync(string name, string? since, int? last, int? version, string? alias, ModelMonitor monitor,
        CancellationToken cancellationToken)
    {
        var window = last is { } n ? MonitorWindow.LastPredictions(n) : MonitorWindow.Since(MonitorWindow.ParseSpan(since ?? "24h"));
        var reference = new ModelReference(ModelReference.RequireName(name, "model name"), version is null ? alias ?? ModelRegistry.DefaultAlias : null, version);
        var check = await monitor.CheckAsync(reference, window, cancellationToken: cancellationToken);
        return TypedResults.Ok(new MonitoringCheckSummary(check.RunId, check.At, check.Drift.Version!.Value.ToString(CultureInfo.InvariantCulture), check.Drift.Window ?? "",
            check.Drift.Verdict ?? (check.Drift.DatasetDrift ? "dataset drift" : "no dataset drift"), check.Metrics,
            $"/api/v1/models/{Uri.EscapeDataString(name)}/monitoring/reports/{check.RunId}"));
    }

    private static async Task<ContentHttpResult> ReportAsync(string name, string run, HttpContext context, ITrackingStore tracking, IArtifactStore artifacts,
        CancellationToken cancellationToken)
    {
        var found = await tracking.GetRunAsync(run, cancellationToken);
        var report = found is not null && found.Tags.GetValueOrDefault("relearn.model") == name
            ? found.Artifacts.FirstOrDefault(a => a.Path == ModelMonitor.ReportArtifact) : null;
        if (report is null)
        {
            throw RelearnException.NotFound($"model '{name}' has no monitoring report '{run}'");
        }
        // The report has no scripts: its own policy allows its inline styles and nothing else.
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PagePolicy("");
        return TypedResults.Content(await artifacts.ReadTextAsync(report.Digest, cancellationToken), "text/html; charset=utf-8");
    }

    private static double? Finite(double? value) => value is { } v && !double.IsFinite(v) ? null : value;
}
