namespace Relearn.Server.Access;

/// <summary>
/// The one place a request gets the role it needs, from its method and path alone, so an endpoint added later is
/// covered without touching it. Paths compare case-insensitively and without a trailing slash, as routing does.
/// </summary>
internal static class AccessPolicy
{
    /// <summary>MLflow REST paths that move or delete registry state: admin whatever the method.</summary>
    private static readonly HashSet<string> AdminPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "/api/2.0/mlflow/registered-models/alias",
        "/api/2.0/mlflow/registered-models/delete",
        "/api/2.0/mlflow/model-versions/delete",
        "/api/2.0/mlflow/model-versions/transition-stage",
    };

    /// <summary>
    /// The role a request needs, or null when it is open to anyone: the health probes, and the HTML, scripts and styles
    /// of the try-it page and the web UI under <c>/ui</c>, which hold no data: their API calls carry the token typed into them.
    /// </summary>
    public static AccessRole? Required(string method, PathString path)
    {
        var value = (path.Value ?? "/").TrimEnd('/');
        if (value.Equals("/health/live", StringComparison.OrdinalIgnoreCase) || value.Equals("/health/ready", StringComparison.OrdinalIgnoreCase)
            || ((value.Length == 0 || IsUi(value)) && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))))
        {
            return null;
        }
        if (value.Equals(GitHubWebhookEndpoints.Path, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(method))
        {
            return null; // GitHub signs its deliveries (X-Hub-Signature-256) instead of sending a bearer token
        }
        if (HttpMethods.IsDelete(method) || AdminPaths.Contains(value) || IsUnder(value, HangfireDashboard.Path))  // the job dashboard deletes and requeues jobs: admin under it
        {
            return AccessRole.Admin;
        }
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /api/v1/models/{name}/{action}
        if (segments is [_, _, _, _, var action, ..] && IsApiV1(segments))
        {
            if (action.Equals("promote", StringComparison.OrdinalIgnoreCase) || action.Equals("rollback", StringComparison.OrdinalIgnoreCase)
                || (action.Equals("rollout", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(method)))
            {
                return AccessRole.Admin;
            }
            if (segments.Length == 5 && HttpMethods.IsPost(method)
                && (action.Equals("predict", StringComparison.OrdinalIgnoreCase) || action.Equals("predict-batch", StringComparison.OrdinalIgnoreCase)))
            {
                return AccessRole.Read;
            }
        }
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? AccessRole.Read : AccessRole.Write;
    }

    private static bool IsUi(string path) => IsUnder(path, "/ui");

    private static bool IsUnder(string path, string root) =>
        path.Equals(root, StringComparison.OrdinalIgnoreCase) || path.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase);

    private static bool IsApiV1(string[] segments) =>
        segments[0].Equals("api", StringComparison.OrdinalIgnoreCase) && segments[1].Equals("v1", StringComparison.OrdinalIgnoreCase)
        && segments[2].Equals("models", StringComparison.OrdinalIgnoreCase);
}
