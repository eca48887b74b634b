using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Tables;

namespace Relearn.Core.Monitoring.Profiles;

/// <summary>
/// Reads current data (prediction-log rows or a table file) into columns of the reference profile's kinds and runs
/// the drift tests against the profile's samples. Columns the reference lacks are named as an error; reference
/// <c>prediction.*</c> columns a file lacks are left out (a file of inputs has no answers).
/// </summary>
public static class CurrentRows
{
    /// <summary>Compares prediction-log rows (see <see cref="ProfileRows"/>) with the profile.</summary>
    public static DriftReport Compare(ReferenceProfile profile, IReadOnlyList<Dictionary<string, object?>> rows, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(rows);
        var present = rows.SelectMany(r => r.Keys).ToHashSet(StringComparer.Ordinal);
        var columns = Match(profile, present, rows.Count == 0);
        var sinks = columns.Select(c => new ColumnSink("prediction log", new ColumnSample(c.Name, c.Kind))).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var sink in sinks)
            {
                switch (rows[i].GetValueOrDefault(sink.Sample.Name))
                {
                    case null:
                        sink.AddMissing();
                        break;
                    case double number when sink.Sample.Kind == ColumnKind.Num:
                        sink.Add(number);
                        break;
                    case var value:
                        sink.Add(ProfileRows.Text(value).AsSpan(), i + 1);
                        break;
                }
            }
        }
        return Compare(profile, columns, sinks.Select(s => s.Sample).ToArray(), rows.Count, options);
    }

    /// <summary>Compares a table file (CSV, TSV, JSON Lines, Parquet) with the profile, streaming the file.</summary>
    public static DriftReport CompareFile(ReferenceProfile profile, string path, DriftOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var file = TableFile.Open(path);
        var columns = Match(profile, file.Columns.ToHashSet(StringComparer.Ordinal), false);
        var samples = columns.ToDictionary(c => c.Name, c => new ColumnSample(c.Name, c.Kind), StringComparer.Ordinal);
        // Columns the profile does not compare (none after Match) would still need a sink to keep the file's order.
        var sinks = file.Columns.Select(c => new ColumnSink(path, samples.TryGetValue(c, out var s) ? s : new ColumnSample(c, ColumnKind.Cat))).ToArray();
        var rows = file.ReadInto(sinks, cancellationToken);
        var current = columns.Select(c => samples[c.Name]).ToArray();
        return Compare(profile, columns, current, rows, options);
    }

    private static IReadOnlyList<ColumnProfile> Match(ReferenceProfile profile, HashSet<string> present, bool empty)
    {
        var known = profile.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var extra = present.Where(c => !known.Contains(c)).Order(StringComparer.Ordinal).ToArray();
        var missing = empty ? [] : profile.Columns
            .Where(c => !present.Contains(c.Name) && !c.Name.StartsWith(ProfileRows.PredictionPrefix, StringComparison.Ordinal))
            .Select(c => c.Name).ToArray();
        if (extra.Length > 0 || missing.Length > 0)
        {
            var parts = new List<string>();
            if (missing.Length > 0)
            {
                parts.Add($"missing from current: {string.Join(", ", missing)}");
            }
            if (extra.Length > 0)
            {
                parts.Add($"not in the reference profile: {string.Join(", ", extra)}");
            }
            throw RelearnException.Invalid($"the columns differ from {profile.Model} version {profile.Version}'s reference ({string.Join("; ", parts)})");
        }
        return profile.Columns.Where(c => empty || present.Contains(c.Name)).ToList();
    }

    private static DriftReport Compare(ReferenceProfile profile, IReadOnlyList<ColumnProfile> columns, ColumnSample[] current, long currentRows, DriftOptions options)
    {
        foreach (var sample in current)
        {
            sample.Seal();
        }
        options.Validate(columns.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal));
        // Tests are chosen by the reference's row count, which differs between inputs and the scored answers.
        var results = new ColumnDrift[columns.Count];
        foreach (var group in columns.Select((c, i) => (c, i)).GroupBy(p => p.c.Rows))
        {
            var picked = group.ToArray();
            var report = DriftAnalyzer.Compare(picked.Select(p => p.c.ToSample()).ToArray(), picked.Select(p => current[p.i]).ToArray(), group.Key, currentRows, options);
            for (var k = 0; k < picked.Length; k++)
            {
                results[picked[k].i] = report.Columns[k];
            }
        }
        return DriftAnalyzer.Summarize(results, profile.Rows, currentRows, options);
    }
}
