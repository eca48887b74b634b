using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>
/// Reads a reference and a current table into column samples: kinds from the reference's first rows, both files
/// streamed at once (one thread each), columns checked to match by name.
/// </summary>
public static class DriftTables
{
    /// <summary>Reads both files and runs the drift check.</summary>
    public static async Task<DriftReport> CompareFilesAsync(string referencePath, string currentPath, DriftOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (reference, current, referenceRows, currentRows) = await ReadAsync(referencePath, currentPath, cancellationToken);
        return DriftAnalyzer.Compare(reference, current, referenceRows, currentRows, options);
    }

    /// <summary>Reads both files into sealed column samples, in the reference's column order.</summary>
    public static async Task<(ColumnSample[] Reference, ColumnSample[] Current, long ReferenceRows, long CurrentRows)> ReadAsync(string referencePath, string currentPath, CancellationToken cancellationToken = default)
    {
        var referenceFile = TableFile.Open(referencePath);
        var currentFile = TableFile.Open(currentPath);
        CheckColumns(referenceFile.Columns, currentFile.Columns);
        var sniffed = referenceFile.Sniff(ColumnKinds.SniffRows);
        var kinds = sniffed.Select(ColumnKinds.Infer).ToArray();

        var referenceSinks = referenceFile.Columns.Select((c, i) => new ColumnSink(referencePath, new ColumnSample(c, kinds[i]))).ToArray();
        // The current file may order its columns differently: its sinks follow its own order.
        var byName = referenceFile.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var currentSamples = referenceFile.Columns.Select((c, i) => new ColumnSample(c, kinds[i])).ToArray();
        var currentSinks = currentFile.Columns.Select(c => new ColumnSink(currentPath, currentSamples[byName[c]])).ToArray();

        var referenceTask = Task.Run(() => referenceFile.ReadInto(referenceSinks, cancellationToken), cancellationToken);
        var currentTask = Task.Run(() => currentFile.ReadInto(currentSinks, cancellationToken), cancellationToken);
        await Task.WhenAll(referenceTask, currentTask).ConfigureAwait(false);

        var referenceSamples = referenceSinks.Select(s => s.Sample).ToArray();
        Parallel.ForEach(referenceSamples.Concat(currentSamples), s => s.Seal());
        return (referenceSamples, currentSamples, referenceTask.Result, currentTask.Result);
    }

    private static void CheckColumns(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        var missing = reference.Except(current, StringComparer.Ordinal).ToArray();
        var extra = current.Except(reference, StringComparer.Ordinal).ToArray();
        if (missing.Length == 0 && extra.Length == 0)
        {
            return;
        }
        var parts = new List<string>();
        if (missing.Length > 0)
        {
            parts.Add($"missing from current: {string.Join(", ", missing)}");
        }
        if (extra.Length > 0)
        {
            parts.Add($"not in reference: {string.Join(", ", extra)}");
        }
        throw RelearnException.Invalid($"the tables' columns differ ({string.Join("; ", parts)})");
    }
}
