namespace Relearn.Core.Datasets;

/// <summary>An immutable, content-addressed version of a dataset.</summary>
/// <param name="Name">Logical dataset name, e.g. <c>sentiment</c>.</param>
/// <param name="Version">1, 2, ... per name.</param>
/// <param name="Digest">SHA-256 of the canonical content, also its artifact digest.</param>
/// <param name="RowCount">Number of rows.</param>
/// <param name="Schema">Column names and types, e.g. <c>text:string,label:bool</c>.</param>
/// <param name="Source">Where the rows came from (file names, crawl), for people.</param>
/// <param name="CreatedAt">When this version was first registered.</param>
public sealed record DatasetVersion(string Name, int Version, string Digest, long RowCount, string Schema, string Source, DateTimeOffset CreatedAt)
{
    /// <summary><c>name:version</c>, the form runs record.</summary>
    public string Id => $"{Name}:{Version}";
}
