using System.Globalization;
using Relearn.Core;
using Relearn.Core.Tracking.Search;

namespace Relearn.Server.Mlflow;

/// <summary>Reads the search fields every MLflow search endpoint shares: filter, order_by, view type, max_results, page_token.</summary>
internal static class MlflowSearch
{
    /// <summary>MLflow's largest page.</summary>
    public const int MaxResultsLimit = 50_000;

    /// <summary>Most experiments one runs/search may name (each is a query parameter).</summary>
    public const int MaxExperimentIds = 1000;

    public static SearchQuery Query(MlflowRequest request, SearchScope scope, int defaultMaxResults, string viewField = "view_type")
    {
        var maxResults = request.Long("max_results") ?? defaultMaxResults;
        if (maxResults is < 1 or > MaxResultsLimit)
        {
            throw MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"Invalid value {maxResults} for parameter 'max_results' supplied. It must be between 1 and {MaxResultsLimit}"));
        }
        var orderBy = request.Strings("order_by");
        return new SearchQuery(
            SearchParser.ParseFilter(request.String("filter"), scope),
            SearchParser.ParseOrderBy(orderBy, scope),
            View(request.String(viewField)),
            (int)maxResults,
            SearchPageToken.Decode(request.String("page_token")));
    }

    public static ViewType View(string? text) => text?.ToUpperInvariant() switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => ViewType.DeletedOnly,
        "ALL" or "3" => ViewType.All,
        _ => throw RelearnException.Invalid($"'{text}' is not a view type (ACTIVE_ONLY, DELETED_ONLY, ALL)"),
    };
}
