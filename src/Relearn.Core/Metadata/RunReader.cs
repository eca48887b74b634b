using System.Data.Common;
using System.Globalization;
using Relearn.Core.Tracking;

namespace Relearn.Core.Metadata;

/// <summary>
/// Reads whole runs — header, params, latest metrics, tags, artifacts — for a list of run ids with one query per
/// table (<c>WHERE run_id IN (...)</c>), so a search page of 100 runs costs five queries instead of five hundred
/// (each a round trip on PostgreSQL). Part of <see cref="SqlMetadataStore"/> on either database, which both accept
/// <c>@name</c> parameters and these statements; <c>GetRunAsync</c> is the same read for a list of one.
/// </summary>
public static class RunReader
{
    /// <summary>The run header columns of <c>runs r</c>, in the order <see cref="ReadInfo"/> reads them.</summary>
    public const string InfoColumns =
        "SELECT r.run_id, r.experiment_id, r.name, r.status, r.start_time, r.end_time, r.dataset_version, r.parent_run_id, r.lifecycle_stage FROM runs r";

    /// <summary>Ids per statement: a page may hold up to 50,000 runs, and SQLite builds older than 3.32 bind at most 999 parameters.</summary>
    private const int IdsPerQuery = 500;

    /// <summary>The runs of <paramref name="runIds"/> in that order; an id with no run (deleted meanwhile) is left out.</summary>
    public static async Task<IReadOnlyList<Run>> ReadAsync(DbConnection connection, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(runIds);
        var runs = new List<Run>(runIds.Count);
        foreach (var chunk in runIds.Chunk(IdsPerQuery))
        {
            runs.AddRange(await ReadChunkAsync(connection, chunk, cancellationToken));
        }
        return runs;
    }

    /// <summary>One run header from a row of <see cref="InfoColumns"/>.</summary>
    public static RunInfo ReadInfo(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RunInfo(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetString(2),
            Enum.Parse<RunStatus>(reader.GetString(3)),
            FromMillis(reader.GetInt64(4)),
            reader.IsDBNull(5) ? null : FromMillis(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.GetString(8));
    }

    private static async Task<IEnumerable<Run>> ReadChunkAsync(DbConnection c, string[] ids, CancellationToken token)
    {
        var names = ids.Select((_, i) => "@r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var inList = $"run_id IN ({string.Join(", ", names)})";
        var parameters = names.Zip(ids, (name, id) => (name, (object?)id)).ToArray();

        var infos = new Dictionary<string, RunInfo>(StringComparer.Ordinal);
        await ForEachRowAsync(c, $"{InfoColumns} WHERE r.{inList}", parameters, reader => infos[reader.GetString(0)] = ReadInfo(reader), token);
        if (infos.Count == 0)
        {
            return [];
        }
        // Per run in key (path) order, as the one-run read returned them; dictionaries are ordinal-sorted either way.
        var runParams = Group<SortedDictionary<string, string>>(infos.Keys, () => new(StringComparer.Ordinal));
        await ForEachRowAsync(c, $"SELECT run_id, key, value FROM params WHERE {inList} ORDER BY run_id, key", parameters,
            reader => runParams[reader.GetString(0)][reader.GetString(1)] = reader.GetString(2), token);
        var tags = Group<SortedDictionary<string, string>>(infos.Keys, () => new(StringComparer.Ordinal));
        await ForEachRowAsync(c, $"SELECT run_id, key, value FROM tags WHERE {inList} ORDER BY run_id, key", parameters,
            reader => tags[reader.GetString(0)][reader.GetString(1)] = reader.GetString(2), token);
        // Latest value per key (highest step, then newest timestamp: MLflow's rule), kept up to date as metrics are logged.
        var latest = Group<List<MetricPoint>>(infos.Keys, () => []);
        await ForEachRowAsync(c, $"SELECT run_id, key, value, step, timestamp FROM latest_metrics WHERE {inList} ORDER BY run_id, key", parameters,
            reader => latest[reader.GetString(0)].Add(new MetricPoint(reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3), FromMillis(reader.GetInt64(4)))),
            token);
        var artifacts = Group<List<RunArtifact>>(infos.Keys, () => []);
        await ForEachRowAsync(c, $"SELECT run_id, path, digest, size FROM run_artifacts WHERE {inList} ORDER BY run_id, path", parameters,
            reader => artifacts[reader.GetString(0)].Add(new RunArtifact(reader.GetString(1), reader.GetString(2), reader.GetInt64(3))), token);

        return ids.Where(infos.ContainsKey).Select(id =>
        {
            var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var point in latest[id])
            {
                metrics[point.Key] = point.Value;
            }
            return new Run(infos[id], runParams[id], metrics, tags[id], artifacts[id], latest[id]);
        });
    }

    private static Dictionary<string, T> Group<T>(IEnumerable<string> runIds, Func<T> empty) =>
        runIds.ToDictionary(id => id, _ => empty(), StringComparer.Ordinal);

    private static async Task ForEachRowAsync(DbConnection c, string sql, (string Name, object? Value)[] parameters, Action<DbDataReader> read,
        CancellationToken token)
    {
        await using var command = SqlCommands.Create(c, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            read(reader);
        }
    }

    private static DateTimeOffset FromMillis(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
