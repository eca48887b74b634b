using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>The four silver tables of a pulls sync as JSON Lines, sorted by pull request number, and what alignment made of the comments.</summary>
internal sealed record PullTables(byte[] Pulls, int PullCount, byte[] Files, int FileCount, byte[] Comments, byte[] Hunks, AlignmentSummary Alignment, IReadOnlyList<string> Skipped)
{
    private static readonly JsonSerializerOptions RowFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    /// <summary>Reads every pull request's stored object and pages (digest-checked) and derives the tables.</summary>
    public static async Task<PullTables> BuildAsync(IArtifactStore store, GitHubRepository repository, IEnumerable<PullRecord> records, CancellationToken cancellationToken = default)
    {
        var pulls = new StringBuilder();
        var files = new StringBuilder();
        var comments = new StringBuilder();
        var hunks = new StringBuilder();
        var skipped = new List<string>();
        int pullCount = 0, fileCount = 0;
        var total = new AlignmentSummary(0, 0, 0, 0, 0, 0, 0, 0);
        foreach (var record in records.OrderBy(r => r.Number))
        {
            pulls.Append(Encoding.UTF8.GetString(await store.ReadBytesAsync(record.Pull, cancellationToken))).Append('\n');
            pullCount++;
            var fileItems = await ItemsAsync(store, record.Files, "files", cancellationToken);
            var commentItems = await ItemsAsync(store, record.Comments, "review comments", cancellationToken);
            var pullFiles = new List<PullFile>();
            foreach (var (item, index) in fileItems.Select((item, index) => (item, index)))
            {
                if (ArrayPage.Text(item, "filename") is not { } path)
                {
                    skipped.Add($"file {index} of pull request #{record.Number}: no filename");
                    continue;
                }
                var file = new PullFile(path, ArrayPage.Text(item, "patch"));
                pullFiles.Add(file);
                files.Append(Row(new JsonObject
                {
                    ["pull"] = record.Number,
                    ["filename"] = path,
                    ["status"] = ArrayPage.Text(item, "status"),
                    ["additions"] = ArrayPage.Number(item, "additions"),
                    ["deletions"] = ArrayPage.Number(item, "deletions"),
                    ["changes"] = ArrayPage.Number(item, "changes"),
                    ["sha"] = ArrayPage.Text(item, "sha"),
                    ["previous_filename"] = ArrayPage.Text(item, "previous_filename"),
                    ["patch"] = file.Patch,
                }));
                fileCount++;
            }
            var reviewComments = new List<ReviewComment>();
            foreach (var (item, index) in commentItems.Select((item, index) => (item, index)))
            {
                if (ReviewComment.Read(item) is { } comment)
                {
                    reviewComments.Add(comment);
                }
                else
                {
                    skipped.Add($"review comment {index} of pull request #{record.Number}: no id, path or body");
                }
            }
            var aligned = HunkAlignment.Align(repository, record.Number, pullFiles, reviewComments);
            foreach (var row in aligned.Comments)
            {
                comments.Append(Row(row));
            }
            foreach (var row in aligned.Hunks)
            {
                hunks.Append(Row(row));
            }
            skipped.AddRange(aligned.Skipped);
            total = Add(total, aligned.Summary);
        }
        return new PullTables(Bytes(pulls), pullCount, Bytes(files), fileCount, Bytes(comments), Bytes(hunks), total, skipped);
    }

    private static async Task<List<JsonElement>> ItemsAsync(IArtifactStore store, IEnumerable<BronzePage> pages, string what, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        foreach (var page in pages)
        {
            items.AddRange(ArrayPage.Parse(await store.ReadBytesAsync(page.Digest, cancellationToken), page.Url, what));
        }
        return items;
    }

    private static string Row(JsonObject row) => row.ToJsonString(RowFormat) + "\n";

    private static byte[] Bytes(StringBuilder text) => Encoding.UTF8.GetBytes(text.ToString());

    private static AlignmentSummary Add(AlignmentSummary a, AlignmentSummary b) => new(
        a.Comments + b.Comments, a.Aligned + b.Aligned, a.Outdated + b.Outdated, a.FileLevel + b.FileLevel, a.NoPatch + b.NoPatch,
        a.NotInHunk + b.NotInHunk, a.Hunks + b.Hunks, a.Positive + b.Positive);
}
