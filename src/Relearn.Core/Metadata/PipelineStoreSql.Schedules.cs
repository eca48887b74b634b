using System.Data.Common;
using System.Globalization;
using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Metadata;

internal static partial class PipelineStoreSql
{
    /// <summary>Inserts the occurrence unless it is there already: the primary key decides which scheduler starts it.</summary>
    public static async Task<bool> ClaimOccurrenceAsync(DbConnection c, DbTransaction t, string pipeline, string schedule, DateTimeOffset occurrence, string owner,
        long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token,
            """
            INSERT INTO pipeline_schedule_occurrences (pipeline, schedule, occurrence_at, owner, claimed_at) VALUES (@p, @s, @at, @o, @now)
            ON CONFLICT (pipeline, schedule, occurrence_at) DO NOTHING
            """,
            ("@p", pipeline), ("@s", schedule), ("@at", occurrence.ToUnixTimeMilliseconds()), ("@o", owner), ("@now", now)) == 1;

    /// <summary>The newest claimed occurrence of a schedule.</summary>
    public static async Task<DateTimeOffset?> GetLastOccurrenceAsync(DbConnection c, string pipeline, string schedule, CancellationToken token) =>
        (await QueryAsync(c, null, token, r => r.IsDBNull(0) ? (DateTimeOffset?)null
                : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)),
            "SELECT MAX(occurrence_at) FROM pipeline_schedule_occurrences WHERE pipeline = @p AND schedule = @s", ("@p", pipeline), ("@s", schedule)))
        .SingleOrDefault();
}
