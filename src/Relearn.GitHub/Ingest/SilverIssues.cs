using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest;

/// <summary>
/// The silver table of a repository's issues: JSON Lines, one row per issue number (the latest
/// <c>updated_at</c> seen), sorted by number, each row GitHub's issue object as returned — issues and pull
/// requests alike, every field kept. Registered as dataset <c>github/{owner}/{name}/issues</c>.
/// </summary>
public static class SilverIssues
{
    /// <summary>The schema string of silver issue datasets.</summary>
    public const string Schema = "github-issue-json";

    /// <summary>Reads every row of a silver issues dataset version (digest-checked).</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadAsync(IArtifactStore store, DatasetVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(version);
        if (version.Schema != Schema)
        {
            throw RelearnException.Invalid($"dataset {version.Id} has schema '{version.Schema}', not GitHub issues ('{Schema}')");
        }
        var rows = new List<JsonElement>((int)Math.Min(version.RowCount, 1_000_000));
        await using var stream = await store.OpenReadAsync(version.Digest, cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                using var document = JsonDocument.Parse(line);
                rows.Add(document.RootElement.Clone());
            }
        }
        return rows;
    }
}
