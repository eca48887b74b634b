using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Server.Mlflow;

/// <summary>runs/*: create, update, get, delete, restore, search.</summary>
internal static class MlflowRunEndpoints
{
    /// <summary>MLflow's experiment 0, where runs go when a client names no experiment.</summary>
    public const string DefaultExperiment = "Default";

    public static void MapRunEndpoints(this RouteGroupBuilder g)
    {
        g.Rpc(MlflowEndpoints.Post, "/runs/create", async (r, ct) =>
        {
            var store = r.Service<ITrackingStore>();
            var experimentId = r.String("experiment_id") is null or "0"
                ? (await store.GetOrCreateExperimentAsync(DefaultExperiment, ct)).Id
                : r.ExperimentId();
            if (await store.GetExperimentAsync(experimentId, ct) is null)
            {
                throw MlflowException.NotFound($"No Experiment with id={experimentId} exists");
            }
            var tags = r.Pairs("tags");
            var name = r.String("run_name") is { Length: > 0 } given ? given
                : tags.TryGetValue("mlflow.runName", out var tagged) ? tagged
                : "run-" + Guid.NewGuid().ToString("N")[..8];
            var startTime = r.Time("start_time");
            var info = await store.StartRunAsync(experimentId, name, startTime, tags, ct);
            return new JsonObject { ["run"] = MlflowJson.Run((await store.GetRunAsync(info.RunId, ct))!) };
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/update", async (r, ct) =>
        {
            var runId = r.RunId();
            var status = r.String("status") is { Length: > 0 } s ? MlflowJson.ParseStatus(s) : (RunStatus?)null;
            var endTime = r.Time("end_time");
            var info = await r.Service<ITrackingStore>().UpdateRunAsync(runId, status, endTime, r.String("run_name") is { Length: > 0 } n ? n : null, ct);
            return new JsonObject { ["run_info"] = MlflowJson.RunInfo(info) };
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/runs/get", async (r, ct) =>
            new JsonObject { ["run"] = MlflowJson.Run(await RequireAsync(r, ct)) });

        g.Rpc(MlflowEndpoints.Post, "/runs/delete", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().SetRunLifecycleAsync(r.RunId(), LifecycleStage.Deleted, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/runs/restore", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().SetRunLifecycleAsync(r.RunId(), LifecycleStage.Active, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/runs/search", async (r, ct) =>
        {
            var experimentIds = new List<long>();
            var texts = r.Strings("experiment_ids");
            if (texts.Count > MlflowSearch.MaxExperimentIds)
            {
                throw MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"'experiment_ids' holds {texts.Count} ids; at most {MlflowSearch.MaxExperimentIds} can be searched at once"));
            }
            foreach (var text in texts)
            {
                experimentIds.Add(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw MlflowException.Invalid($"'experiment_ids' holds '{text}', which is not an experiment id"));
            }
            var page = await r.Service<ITrackingStore>().SearchRunsAsync(experimentIds, MlflowSearch.Query(r, SearchScope.Runs, 1000, "run_view_type"), ct);
            var json = new JsonObject { ["runs"] = new JsonArray([.. page.Items.Select(run => (JsonNode)MlflowJson.Run(run))]) };
            if (page.NextPageToken is not null)
            {
                json["next_page_token"] = page.NextPageToken;
            }
            return json;
        });
    }

    public static async Task<Run> RequireAsync(MlflowRequest r, CancellationToken ct)
    {
        var runId = r.RunId();
        return await r.Service<ITrackingStore>().GetRunAsync(runId, ct) ?? throw MlflowException.NotFound($"Run '{runId}' not found");
    }
}
