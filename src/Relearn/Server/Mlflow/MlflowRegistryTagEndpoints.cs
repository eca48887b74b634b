using Relearn.Core.Registry;

namespace Relearn.Server.Mlflow;

/// <summary>registered-models/set-tag, delete-tag and model-versions/set-tag, delete-tag.</summary>
internal static class MlflowRegistryTagEndpoints
{
    /// <summary>Keys under this prefix are the read-only tags Relearn shows on every version (task, model digest).</summary>
    public const string ReservedPrefix = "relearn.";

    public static void MapRegistryTagEndpoints(this RouteGroupBuilder g)
    {
        g.Rpc(MlflowEndpoints.Post, "/registered-models/set-tag", async (r, ct) =>
        {
            var model = await MlflowRegistryEndpoints.RequireModelAsync(r, ct);
            var (key, value) = ReadTag(r, "");
            await r.Service<IModelRegistryStore>().SetModelTagAsync(model.Name, key, value, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Delete, "/registered-models/delete-tag", async (r, ct) =>
        {
            var model = await MlflowRegistryEndpoints.RequireModelAsync(r, ct);
            await r.Service<IModelRegistryStore>().DeleteModelTagAsync(model.Name, RequireKey(r, ""), ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Post, "/model-versions/set-tag", async (r, ct) =>
        {
            var (model, version) = await MlflowRegistryEndpoints.RequireVersionAsync(r, ct);
            var (key, value) = ReadTag(r, "");
            await r.Service<IModelRegistryStore>().SetVersionTagAsync(model.Name, version.Version, key, value, ct);
            return [];
        });

        g.Rpc(MlflowEndpoints.Delete, "/model-versions/delete-tag", async (r, ct) =>
        {
            var (model, version) = await MlflowRegistryEndpoints.RequireVersionAsync(r, ct);
            await r.Service<IModelRegistryStore>().DeleteVersionTagAsync(model.Name, version.Version, RequireKey(r, ""), ct);
            return [];
        });
    }

    /// <summary>The <c>tags</c> list of a create request, checked before anything is written.</summary>
    public static IReadOnlyList<(string Key, string Value)> ReadTags(MlflowRequest r) =>
        [.. r.Objects("tags").Select((tag, i) => ReadTag(tag, $"tags[{i}]."))];

    private static (string Key, string Value) ReadTag(MlflowRequest r, string at)
    {
        var key = RequireKey(r, at);
        var value = r.String("value") ?? throw MlflowException.Invalid($"Missing value for required parameter '{at}value'");
        return value.Length <= MlflowRunDataEndpoints.MaxTagValueLength
            ? (key, value)
            : throw MlflowException.Invalid($"Tag value '{at}value' had length {value.Length}, which exceeded length limit of {MlflowRunDataEndpoints.MaxTagValueLength}");
    }

    private static string RequireKey(MlflowRequest r, string at)
    {
        var key = r.String("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw MlflowException.Invalid($"Missing value for required parameter '{at}key'");
        }
        if (key.Length > MlflowRunDataEndpoints.MaxKeyLength)
        {
            throw MlflowException.Invalid($"'{at}key' had length {key.Length}, which exceeded length limit of {MlflowRunDataEndpoints.MaxKeyLength}");
        }
        return key.StartsWith(ReservedPrefix, StringComparison.Ordinal)
            ? throw MlflowException.Invalid($"Tag key '{key}' is reserved: keys starting with '{ReservedPrefix}' are set by Relearn")
            : key;
    }
}
