namespace Relearn.GitHub.Ingest;

/// <summary>
/// Silver in the making: one row per issue number; a row replaces another only when its <c>updated_at</c> is
/// later or equal (so on a tie the later page wins). Serialized as JSON Lines sorted by number.
/// </summary>
internal sealed class IssueTable
{
    private readonly Dictionary<long, IssueRow> _rows = [];

    public int Count => _rows.Count;

    public void Apply(IssuePage page)
    {
        foreach (var issue in page.Issues)
        {
            if (!_rows.TryGetValue(issue.Number, out var current) || issue.UpdatedAt >= current.UpdatedAt)
            {
                _rows[issue.Number] = issue;
            }
        }
    }

    /// <summary>The rows as they are now, to compare against later.</summary>
    public IReadOnlyDictionary<long, IssueRow> Snapshot() => new Dictionary<long, IssueRow>(_rows);

    /// <summary>Issues not in <paramref name="before"/>, and issues whose row changed since.</summary>
    public (int New, int Updated) Compare(IReadOnlyDictionary<long, IssueRow> before)
    {
        int added = 0, updated = 0;
        foreach (var (number, row) in _rows)
        {
            if (!before.TryGetValue(number, out var old))
            {
                added++;
            }
            else if (!ReferenceEquals(old, row) && !old.Json.AsSpan().SequenceEqual(row.Json))
            {
                updated++;
            }
        }
        return (added, updated);
    }

    /// <summary>JSON Lines: each row's compact JSON and a <c>\n</c>, by ascending number. Empty table, empty bytes.</summary>
    public byte[] ToJsonLines()
    {
        using var buffer = new MemoryStream();
        foreach (var row in _rows.Values.OrderBy(r => r.Number))
        {
            buffer.Write(row.Json);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }
}
