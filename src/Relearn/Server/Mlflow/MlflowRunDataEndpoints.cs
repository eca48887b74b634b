using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Server.Mlflow;

/// <summary>What is logged to a run: log-metric, log-parameter, set-tag, delete-tag, log-batch, metric history, artifact listing.</summary>
internal static class MlflowRunDataEndpoints
{
    /// <summary>MLflow's log-batch limits.</summary>
    public const int MaxBatchMetrics = 1000, MaxBatchParams = 100, MaxBatchTags = 100, MaxBatchTotal = 1000;

    /// <summary>MLflow's key and value limits.</summary>
    public const int MaxKeyLength = 250, MaxParamValueLength = 6000, MaxTagValueLength = 8000;

    public static void MapRunDataEndpoints(this RouteGroupBuilder g)
    {
        g.Rpc(MlflowEndpoints.Post, "/runs/log-metric", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().LogMetricsAsync(r.RunId(), [ReadMetric(r, r.Service<TimeProvider>(), "")], ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/log-parameter", async (r, ct) =>
        {
            var (key, value) = ReadParam(r, "");
            await r.Service<ITrackingStore>().LogParamsAsync(r.RunId(), new Dictionary<string, string> { [key] = value }, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/set-tag", async (r, ct) =>
        {
            var (key, value) = ReadTag(r, "");
            await r.Service<ITrackingStore>().SetTagsAsync(r.RunId(), new Dictionary<string, string> { [key] = value }, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/delete-tag", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().DeleteTagAsync(r.RunId(), r.RequiredString("key"), ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/log-batch", async (r, ct) =>
        {
            var runId = r.RunId();
            var metrics = r.Objects("metrics");
            var paramItems = r.Objects("params");
            var tagItems = r.Objects("tags");
            CheckLimit(metrics.Count, MaxBatchMetrics, "metrics");
            CheckLimit(paramItems.Count, MaxBatchParams, "params");
            CheckLimit(tagItems.Count, MaxBatchTags, "tags");
            var total = metrics.Count + paramItems.Count + tagItems.Count;
            if (total > MaxBatchTotal)
            {
                throw MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"A batch logging request can contain at most {MaxBatchTotal} metrics, params, and tags in total. Got {total} in total."));
            }
            var time = r.Service<TimeProvider>();
            var points = metrics.Select((m, i) => ReadMetric(m, time, $"metrics[{i}].")).ToList();
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < paramItems.Count; i++)
            {
                var (key, value) = ReadParam(paramItems[i], $"params[{i}].");
                if (parameters.TryGetValue(key, out var earlier) && earlier != value)
                {
                    throw MlflowException.Invalid($"Duplicate parameter keys have been submitted: '{key}' is given as '{earlier}' and '{value}'");
                }
                parameters[key] = value;
            }
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < tagItems.Count; i++)
            {
                var (key, value) = ReadTag(tagItems[i], $"tags[{i}].");
                tags[key] = value; // the last value of a repeated tag wins, as tags overwrite
            }
            await r.Service<ITrackingStore>().LogBatchAsync(runId, points, parameters, tags, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/metrics/get-history", async (r, ct) =>
        {
            var run = await MlflowRunEndpoints.RequireAsync(r, ct);
            var key = r.RequiredString("metric_key");
            var history = await r.Service<ITrackingStore>().GetMetricHistoryAsync(run.Info.RunId, key, ct);
            var maxResults = (int)Math.Clamp(r.Long("max_results") ?? MlflowSearch.MaxResultsLimit, 1, MlflowSearch.MaxResultsLimit);
            var offset = SearchPageToken.Decode(r.String("page_token"));
            var json = new JsonObject { ["metrics"] = new JsonArray([.. history.Skip(offset).Take(maxResults).Select(m => (JsonNode)MlflowJson.Metric(m))]) };
            if (history.Count > offset + maxResults)
            {
                json["next_page_token"] = SearchPageToken.Encode(offset + maxResults);
            }
            return json;
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/artifacts/list", async (r, ct) =>
        {
            var run = await MlflowRunEndpoints.RequireAsync(r, ct);
            var files = MlflowArtifactListing.List(run.Artifacts, MlflowArtifactListing.ValidatePath(r.String("path")));
            return new JsonObject
            {
                ["root_uri"] = MlflowJson.ArtifactUri(run.Info),
                ["files"] = new JsonArray([.. files.Select(f =>
                {
                    var item = new JsonObject { ["path"] = f.Path, ["is_dir"] = f.IsDirectory };
                    if (!f.IsDirectory)
                    {
                        item["file_size"] = f.Size;
                    }
                    return (JsonNode)item;
                })]),
            };
        });
    }

    private static void CheckLimit(int count, int limit, string what)
    {
        if (count > limit)
        {
            throw MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"A batch logging request can contain at most {limit} {what}. Got {count} {what}."));
        }
    }

    private static MetricPoint ReadMetric(MlflowRequest m, TimeProvider time, string at)
    {
        var key = RequireKey(m, at);
        var timestamp = m.Time("timestamp") ?? time.GetUtcNow();
        return new MetricPoint(key, m.RequiredDouble("value"), m.Long("step") ?? 0, timestamp);
    }

    private static (string Key, string Value) ReadParam(MlflowRequest p, string at)
    {
        var key = RequireKey(p, at);
        var value = p.String("value") ?? throw MlflowException.Invalid($"Missing value for required parameter '{at}value'");
        return value.Length <= MaxParamValueLength
            ? (key, value)
            : throw MlflowException.Invalid($"Param value '{at}value' had length {value.Length}, which exceeded length limit of {MaxParamValueLength}");
    }

    private static (string Key, string Value) ReadTag(MlflowRequest t, string at)
    {
        var key = RequireKey(t, at);
        var value = t.String("value") ?? "";
        return value.Length <= MaxTagValueLength
            ? (key, value)
            : throw MlflowException.Invalid($"Tag value '{at}value' had length {value.Length}, which exceeded length limit of {MaxTagValueLength}");
    }

    private static string RequireKey(MlflowRequest item, string at)
    {
        var key = item.String("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw MlflowException.Invalid($"Missing value for required parameter '{at}key'");
        }
        return key.Length <= MaxKeyLength
            ? key
            : throw MlflowException.Invalid($"'{at}key' had length {key.Length}, which exceeded length limit of {MaxKeyLength}");
    }
}
