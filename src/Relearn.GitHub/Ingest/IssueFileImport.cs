using System.Text;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest;

/// <summary>
/// Registers issues already on disk (GitHub <c>/issues</c> objects, one a line, plain or gzip — such as the shipped
/// sample) as a silver issues dataset version, offline: the same checks, one-row-per-number rule and JSON Lines form
/// as a crawl's silver table, so everything downstream reads it the same way. Same content, same version.
/// </summary>
public sealed class IssueFileImport(IArtifactStore store, IDatasetCatalog catalog)
{
    /// <summary>Imports <paramref name="files"/> as dataset <paramref name="name"/>; returns the version and the items left out.</summary>
    public async Task<(DatasetVersion Dataset, IReadOnlyList<SkippedIssue> Skipped)> ImportAsync(IReadOnlyList<string> files, string name,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var table = new IssueTable();
        var skipped = new List<SkippedIssue>();
        foreach (var file in files)
        {
            var page = IssuePage.Parse(Encoding.UTF8.GetBytes("[" + string.Join(",\n", TextFiles.ReadLines(file)) + "]"), Path.GetFileName(file));
            table.Apply(page);
            skipped.AddRange(page.Skipped);
        }
        if (table.Count == 0)
        {
            throw RelearnException.Invalid($"{string.Join(", ", files.Select(Path.GetFileName))} holds no usable issues");
        }
        var silver = await store.PutBytesAsync(table.ToJsonLines(), cancellationToken);
        var source = "import of " + string.Join(", ", files.Select(Path.GetFileName));
        return (await catalog.RegisterAsync(name, silver.Digest, table.Count, SilverIssues.Schema, source, cancellationToken), skipped);
    }
}
