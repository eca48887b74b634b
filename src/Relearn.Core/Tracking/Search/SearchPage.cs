namespace Relearn.Core.Tracking.Search;

/// <summary>Which lifecycle stages a search returns (MLflow's ViewType).</summary>
public enum ViewType
{
    /// <summary>Only active (not deleted) entities.</summary>
    ActiveOnly,
    /// <summary>Only deleted entities.</summary>
    DeletedOnly,
    /// <summary>Both.</summary>
    All,
}

/// <summary>A search request: filter, order, view, and the page (offset from a page token, size).</summary>
public sealed record SearchQuery(SearchFilter Filter, IReadOnlyList<SearchOrder> OrderBy, ViewType View, int MaxResults, int Offset)
{
    /// <summary>Everything active, default order, first page of <paramref name="maxResults"/>.</summary>
    public static SearchQuery Everything(int maxResults = 1000) => new(SearchFilter.All, [], ViewType.ActiveOnly, maxResults, 0);
}

/// <summary>One page of results and the token of the next (null on the last page).</summary>
public sealed record SearchPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
