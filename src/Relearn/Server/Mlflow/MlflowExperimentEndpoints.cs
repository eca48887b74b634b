using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Server.Mlflow;

/// <summary>experiments/*: create, get, get-by-name, search (and the old list), update, delete, restore, tags.</summary>
internal static class MlflowExperimentEndpoints
{
    public static void MapExperimentEndpoints(this RouteGroupBuilder g)
    {
        g.Rpc(MlflowEndpoints.Post, "/experiments/create", async (r, ct) =>
        {
            var store = r.Service<ITrackingStore>();
            var name = r.RequiredString("name");
            if (await store.GetExperimentByNameAsync(name, ct) is not null)
            {
                throw MlflowException.AlreadyExists($"Experiment '{name}' already exists.");
            }
            var experiment = await store.CreateExperimentAsync(name, r.Pairs("tags"), ct);
            return new JsonObject { ["experiment_id"] = experiment.Id.ToString(CultureInfo.InvariantCulture) };
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/experiments/get", async (r, ct) =>
            new JsonObject { ["experiment"] = MlflowJson.Experiment(await RequireAsync(r, ct)) });

        g.Rpc(MlflowEndpoints.GetOrPost, "/experiments/get-by-name", async (r, ct) =>
        {
            var name = r.RequiredString("experiment_name");
            var experiment = await r.Service<ITrackingStore>().GetExperimentByNameAsync(name, ct)
                ?? throw MlflowException.NotFound($"Could not find experiment with name '{name}'");
            return new JsonObject { ["experiment"] = MlflowJson.Experiment(experiment) };
        });

        MlflowEndpoints.Handler search = async (r, ct) =>
        {
            var page = await r.Service<ITrackingStore>().SearchExperimentsAsync(MlflowSearch.Query(r, SearchScope.Experiments, 1000), ct);
            var json = new JsonObject { ["experiments"] = new JsonArray([.. page.Items.Select(e => (JsonNode)MlflowJson.Experiment(e))]) };
            if (page.NextPageToken is not null)
            {
                json["next_page_token"] = page.NextPageToken;
            }
            return json;
        };
        g.Rpc(MlflowEndpoints.GetOrPost, "/experiments/search", search);
        // MLflow 1.x clients (the npm package among them) still call experiments/list.
        g.Rpc(MlflowEndpoints.GetOrPost, "/experiments/list", search);

        g.Rpc(MlflowEndpoints.Post, "/experiments/update", async (r, ct) =>
        {
            var experiment = await RequireAsync(r, ct);
            var newName = r.RequiredString("new_name");
            var store = r.Service<ITrackingStore>();
            if (await store.GetExperimentByNameAsync(newName, ct) is { } holder && holder.Id != experiment.Id)
            {
                throw MlflowException.AlreadyExists($"Experiment '{newName}' already exists.");
            }
            await store.RenameExperimentAsync(experiment.Id, newName, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/experiments/delete", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().SetExperimentLifecycleAsync((await RequireAsync(r, ct)).Id, LifecycleStage.Deleted, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/experiments/restore", async (r, ct) =>
        {
            await r.Service<ITrackingStore>().SetExperimentLifecycleAsync((await RequireAsync(r, ct)).Id, LifecycleStage.Active, ct);
            return [];
        });

        MlflowEndpoints.Handler setTag = async (r, ct) =>
        {
            var experiment = await RequireAsync(r, ct);
            await r.Service<ITrackingStore>().SetExperimentTagAsync(experiment.Id, r.RequiredString("key"), r.String("value") ?? "", ct);
            return [];
        };
        g.Rpc(MlflowEndpoints.Post, "/experiments/set-experiment-tag", setTag);
        // The npm mlflow client 2.0.7 joins this path without its slash.
        g.Rpc(MlflowEndpoints.Post, "/experimentsset-experiment-tag", setTag);

        g.Rpc(MlflowEndpoints.Post, "/experiments/delete-experiment-tag", async (r, ct) =>
        {
            var experiment = await RequireAsync(r, ct);
            await r.Service<ITrackingStore>().SetExperimentTagAsync(experiment.Id, r.RequiredString("key"), null, ct);
            return [];
        });
    }

    private static async Task<Experiment> RequireAsync(MlflowRequest r, CancellationToken ct)
    {
        var id = r.ExperimentId();
        return await r.Service<ITrackingStore>().GetExperimentAsync(id, ct)
            ?? throw MlflowException.NotFound($"No Experiment with id={id} exists");
    }
}
