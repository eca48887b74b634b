using System.Globalization;
using System.Text.Json.Nodes;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Server.Mlflow;

/// <summary>
/// registered-models/* and model-versions/*, and aliases. Aliases move only through
/// <see cref="IModelRegistryStore.MoveAliasAsync"/>, so every change lands in the alias audit log.
/// </summary>
internal static class MlflowRegistryEndpoints
{
    /// <summary>Who the alias audit log names for changes made through this API.</summary>
    public const string Actor = "mlflow-api";

    public static void MapRegistryEndpoints(this RouteGroupBuilder g)
    {
        g.MapRegistryTagEndpoints();
        g.Rpc(MlflowEndpoints.Post, "/registered-models/create", async (r, ct) =>
        {
            var store = r.Service<IModelRegistryStore>();
            var name = ModelReference.RequireName(r.RequiredString("name"), "model name");
            if (await store.GetModelAsync(name, ct) is not null)
            {
                throw MlflowException.AlreadyExists($"Registered Model (name={name}) already exists.");
            }
            var tags = MlflowRegistryTagEndpoints.ReadTags(r);
            var model = await store.CreateModelAsync(name, r.String("description"), ct);
            foreach (var (key, value) in tags)
            {
                await store.SetModelTagAsync(name, key, value, ct);
            }
            return new JsonObject { ["registered_model"] = await ModelJsonAsync(r, model, ct) };
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/registered-models/get", async (r, ct) =>
            new JsonObject { ["registered_model"] = await ModelJsonAsync(r, await RequireModelAsync(r, ct), ct) });

        g.Rpc(MlflowEndpoints.GetOrPost, "/registered-models/search", async (r, ct) =>
        {
            var page = await r.Service<IModelRegistryStore>().SearchModelsAsync(MlflowSearch.Query(r, SearchScope.RegisteredModels, 100), ct);
            var models = new JsonArray();
            foreach (var model in page.Items)
            {
                models.Add(await ModelJsonAsync(r, model, ct));
            }
            return Paged("registered_models", models, page.NextPageToken);
        });

        g.Rpc(MlflowEndpoints.Patch, "/registered-models/update", async (r, ct) =>
        {
            var model = await RequireModelAsync(r, ct);
            var store = r.Service<IModelRegistryStore>();
            await store.UpdateModelDescriptionAsync(model.Name, r.String("description"), ct);
            // Deleted by a concurrent request between the update and this read: the caller's model is gone (found by the fuzz suite).
            var updated = await store.GetModelAsync(model.Name, ct) ?? throw MlflowException.NotFound($"Registered Model with name={model.Name} not found");
            return new JsonObject { ["registered_model"] = await ModelJsonAsync(r, updated, ct) };
        });

        g.Rpc(MlflowEndpoints.Delete, "/registered-models/delete", async (r, ct) =>
        {
            var model = await RequireModelAsync(r, ct);
            var store = r.Service<IModelRegistryStore>();
            // Each alias is removed through the audited move first, so watchers of the log see it go.
            foreach (var (alias, version) in model.Aliases)
            {
                await store.MoveAliasAsync(model.Name, alias, version, null, "delete-model", r.Actor, "registered model deleted through the MLflow API", ct);
            }
            await store.DeleteModelAsync(model.Name, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/model-versions/create", async (r, ct) =>
        {
            var model = await RequireModelAsync(r, ct);
            var tags = MlflowRegistryTagEndpoints.ReadTags(r);
            var runId = r.String("run_id") is { Length: > 0 } id ? id : null;
            var source = r.String("source");
            var description = r.String("description");
            var store = r.Service<IModelRegistryStore>();
            var run = runId is null ? null : await r.Service<ITrackingStore>().GetRunAsync(runId, ct);
            ModelVersion version;
            if (run is not null && run.Artifacts.Any(a => a.Path == ModelRegistry.ModelArtifact))
            {
                // A Relearn run: register its model package, so the version carries the run's model digest and can be served.
                version = await r.Service<ModelRegistry>().RegisterAsync(model.Name, run.Info.RunId, ct);
                if (!string.IsNullOrEmpty(description))
                {
                    await store.UpdateVersionDescriptionAsync(model.Name, version.Version, description, ct);
                    version = version with { Description = description };
                }
            }
            else
            {
                if (string.IsNullOrEmpty(source))
                {
                    throw MlflowException.Invalid(runId is null
                        ? "Missing value for required parameter 'source'"
                        : $"run {runId} has no Relearn model artifact; give the 'source' URI of the model");
                }
                version = await store.CreateExternalVersionAsync(model.Name, source, runId, description, ct);
            }
            foreach (var (key, value) in tags)
            {
                await store.SetVersionTagAsync(model.Name, version.Version, key, value, ct);
            }
            return new JsonObject { ["model_version"] = await VersionJsonAsync(r, version, model.Aliases, ct) };
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/model-versions/get", async (r, ct) =>
        {
            var (model, version) = await RequireVersionAsync(r, ct);
            return new JsonObject { ["model_version"] = await VersionJsonAsync(r, version, model.Aliases, ct) };
        });

        g.Rpc(MlflowEndpoints.GetOrPost, "/model-versions/search", async (r, ct) =>
        {
            var store = r.Service<IModelRegistryStore>();
            var page = await store.SearchVersionsAsync(MlflowSearch.Query(r, SearchScope.ModelVersions, 10_000), ct);
            var aliases = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
            var versions = new JsonArray();
            foreach (var version in page.Items)
            {
                if (!aliases.TryGetValue(version.Name, out var held))
                {
                    held = aliases[version.Name] = (await store.GetModelAsync(version.Name, ct))?.Aliases ?? new Dictionary<string, int>();
                }
                versions.Add(await VersionJsonAsync(r, version, held, ct));
            }
            return Paged("model_versions", versions, page.NextPageToken);
        });

        g.Rpc(MlflowEndpoints.Patch, "/model-versions/update", async (r, ct) =>
        {
            var (model, version) = await RequireVersionAsync(r, ct);
            var description = r.String("description");
            await r.Service<IModelRegistryStore>().UpdateVersionDescriptionAsync(model.Name, version.Version, description, ct);
            return new JsonObject { ["model_version"] = await VersionJsonAsync(r, version with { Description = description }, model.Aliases, ct) };
        });

        g.Rpc(MlflowEndpoints.Delete, "/model-versions/delete", async (r, ct) =>
        {
            var (model, version) = await RequireVersionAsync(r, ct);
            var store = r.Service<IModelRegistryStore>();
            foreach (var (alias, _) in model.Aliases.Where(a => a.Value == version.Version))
            {
                await store.MoveAliasAsync(model.Name, alias, version.Version, null, "delete-version", r.Actor, "model version deleted through the MLflow API", ct);
            }
            await store.DeleteVersionAsync(model.Name, version.Version, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/registered-models/alias", async (r, ct) =>
        {
            var (model, version) = await RequireVersionAsync(r, ct);
            var alias = ModelReference.RequireName(r.RequiredString("alias"), "alias");
            var current = model.Aliases.TryGetValue(alias, out var held) ? held : (int?)null;
            if (current != version.Version)
            {
                await r.Service<IModelRegistryStore>().MoveAliasAsync(model.Name, alias, current, version.Version, "set-alias", r.Actor, null, ct);
            }
            return [];
        });

        g.Rpc(MlflowEndpoints.Get, "/registered-models/alias", async (r, ct) =>
        {
            var model = await RequireModelAsync(r, ct);
            var alias = r.RequiredString("alias");
            var version = model.Aliases.TryGetValue(alias, out var held)
                ? await r.Service<IModelRegistryStore>().GetVersionAsync(model.Name, held, ct)
                : null;
            return version is null
                ? throw MlflowException.NotFound($"Registered model alias {alias} not found.")
                : new JsonObject { ["model_version"] = await VersionJsonAsync(r, version, model.Aliases, ct) };
        });

        g.Rpc(["DELETE"], "/registered-models/alias", async (r, ct) =>
        {
            var model = await RequireModelAsync(r, ct);
            var alias = r.RequiredString("alias");
            if (!model.Aliases.TryGetValue(alias, out var held))
            {
                throw MlflowException.NotFound($"Registered model alias {alias} not found.");
            }
            await r.Service<IModelRegistryStore>().MoveAliasAsync(model.Name, alias, held, null, "delete-alias", r.Actor, null, ct);
            return [];
        });
    }

    private static JsonObject Paged(string field, JsonArray items, string? nextPageToken)
    {
        var json = new JsonObject { [field] = items };
        if (nextPageToken is not null)
        {
            json["next_page_token"] = nextPageToken;
        }
        return json;
    }

    public static async Task<JsonObject> ModelJsonAsync(MlflowRequest r, RegisteredModel model, CancellationToken ct)
    {
        var store = r.Service<IModelRegistryStore>();
        var latest = model.LatestVersion > 0 ? await store.GetVersionAsync(model.Name, model.LatestVersion, ct) : null;
        return MlflowJson.Model(model, latest is null ? [] : [await VersionJsonAsync(r, latest, model.Aliases, ct)], await store.GetModelTagsAsync(model.Name, ct));
    }

    public static async Task<JsonObject> VersionJsonAsync(MlflowRequest r, ModelVersion version, IReadOnlyDictionary<string, int> aliases, CancellationToken ct) =>
        MlflowJson.Version(version, aliases, await r.Service<IModelRegistryStore>().GetVersionTagsAsync(version.Name, version.Version, ct));

    public static async Task<RegisteredModel> RequireModelAsync(MlflowRequest r, CancellationToken ct)
    {
        var name = r.RequiredString("name");
        return await r.Service<IModelRegistryStore>().GetModelAsync(name, ct)
            ?? throw MlflowException.NotFound($"Registered Model with name={name} not found");
    }

    public static async Task<(RegisteredModel Model, ModelVersion Version)> RequireVersionAsync(MlflowRequest r, CancellationToken ct)
    {
        var model = await RequireModelAsync(r, ct);
        var text = r.RequiredString("version");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw MlflowException.Invalid($"'version' must be a positive whole number, got '{text}'");
        }
        var version = await r.Service<IModelRegistryStore>().GetVersionAsync(model.Name, number, ct)
            ?? throw MlflowException.NotFound($"Model Version (name={model.Name}, version={number}) not found");
        return (model, version);
    }
}
