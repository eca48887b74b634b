using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Server.Mlflow;

/// <summary>Relearn's records in MLflow's JSON shapes: ids as strings, times in epoch milliseconds, key/value lists.</summary>
internal static class MlflowJson
{
    /// <summary>A run's artifact root, served by this server's artifact proxy (<see cref="MlflowArtifactProxy"/>), as MLflow's own server names it.</summary>
    public static string ArtifactUri(RunInfo run) =>
        $"mlflow-artifacts:/{run.ExperimentId.ToString(CultureInfo.InvariantCulture)}/{run.RunId}/{MlflowArtifactPath.ArtifactsSegment}";

    public static JsonObject Experiment(Experiment e) => new()
    {
        ["experiment_id"] = e.Id.ToString(CultureInfo.InvariantCulture),
        ["name"] = e.Name,
        ["artifact_location"] = $"mlflow-artifacts:/{e.Id.ToString(CultureInfo.InvariantCulture)}",
        ["lifecycle_stage"] = e.LifecycleStage,
        ["creation_time"] = e.CreatedAt.ToUnixTimeMilliseconds(),
        ["last_update_time"] = (e.LastUpdateTime ?? e.CreatedAt).ToUnixTimeMilliseconds(),
        ["tags"] = Pairs(e.Tags ?? new Dictionary<string, string>()),
    };

    public static JsonObject RunInfo(RunInfo info)
    {
        var json = new JsonObject
        {
            ["run_id"] = info.RunId,
            ["run_uuid"] = info.RunId,
            ["run_name"] = info.Name,
            ["experiment_id"] = info.ExperimentId.ToString(CultureInfo.InvariantCulture),
            ["user_id"] = "",
            ["status"] = Status(info.Status),
            ["start_time"] = info.StartTime.ToUnixTimeMilliseconds(),
            ["artifact_uri"] = ArtifactUri(info),
            ["lifecycle_stage"] = info.LifecycleStage,
        };
        if (info.EndTime is { } end)
        {
            json["end_time"] = end.ToUnixTimeMilliseconds();
        }
        return json;
    }

    public static JsonObject Run(Run run) => new()
    {
        ["info"] = RunInfo(run.Info),
        ["data"] = new JsonObject
        {
            ["metrics"] = new JsonArray([.. (run.LatestMetrics ?? []).Select(m => (JsonNode)Metric(m))]),
            ["params"] = Pairs(run.Params),
            ["tags"] = Pairs(run.Tags),
        },
    };

    public static JsonObject Metric(MetricPoint m) => new()
    {
        ["key"] = m.Key,
        ["value"] = Number(m.Value),
        ["timestamp"] = m.Timestamp.ToUnixTimeMilliseconds(),
        ["step"] = m.Step,
    };

    public static JsonObject Model(RegisteredModel m, IReadOnlyList<JsonObject> latestVersions, IReadOnlyDictionary<string, string> tags) => new()
    {
        ["name"] = m.Name,
        ["creation_timestamp"] = m.CreatedAt.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = (m.LastUpdated ?? m.CreatedAt).ToUnixTimeMilliseconds(),
        ["description"] = m.Description ?? "",
        ["latest_versions"] = new JsonArray([.. latestVersions]),
        ["aliases"] = new JsonArray([.. m.Aliases.Select(a => (JsonNode)new JsonObject
        {
            ["alias"] = a.Key,
            ["version"] = a.Value.ToString(CultureInfo.InvariantCulture),
        })]),
        ["tags"] = Pairs(tags),
    };

    /// <summary>A version as MLflow shows it: its own tags after the read-only <c>relearn.task</c> and <c>relearn.model_digest</c>.</summary>
    public static JsonObject Version(ModelVersion v, IReadOnlyDictionary<string, int> aliases, IReadOnlyDictionary<string, string> tags) => new()
    {
        ["name"] = v.Name,
        ["version"] = v.Version.ToString(CultureInfo.InvariantCulture),
        ["creation_timestamp"] = v.CreatedAt.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = (v.LastUpdated ?? v.CreatedAt).ToUnixTimeMilliseconds(),
        ["description"] = v.Description ?? "",
        ["source"] = v.Source ?? $"runs:/{v.RunId}/{ModelRegistry.ModelArtifact}",
        ["run_id"] = v.RunId,
        ["status"] = "READY",
        ["current_stage"] = "None",
        ["aliases"] = new JsonArray([.. aliases.Where(a => a.Value == v.Version).Select(a => (JsonNode)JsonValue.Create(a.Key))]),
        ["tags"] = new JsonArray([.. new[] { ("relearn.task", v.Task), ("relearn.model_digest", v.ModelDigest) }
            .Where(t => t.Item2.Length > 0)
            .Concat(tags.Select(t => (t.Key, t.Value)))
            .Select(t => (JsonNode)new JsonObject { ["key"] = t.Item1, ["value"] = t.Item2 })]),
    };

    public static string Status(RunStatus status) => status.ToString().ToUpperInvariant();

    public static RunStatus ParseStatus(string text) => text.ToUpperInvariant() switch
    {
        "RUNNING" or "1" or "SCHEDULED" or "2" => RunStatus.Running,
        "FINISHED" or "3" => RunStatus.Finished,
        "FAILED" or "4" => RunStatus.Failed,
        "KILLED" or "5" => RunStatus.Killed,
        _ => throw MlflowException.Invalid($"'{text}' is not a run status (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)"),
    };

    /// <summary>NaN and infinities as MLflow writes them (JSON has no literal for them).</summary>
    private static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

    private static JsonArray Pairs(IReadOnlyDictionary<string, string> pairs) =>
        new([.. pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value })]);
}
