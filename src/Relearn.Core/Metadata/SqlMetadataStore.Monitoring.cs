using System.Data.Common;
using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IPredictionStore
{
    private static readonly string[] PredictionParameters = ["@id", "@m", "@v", "@at", "@in", "@out"];
    private static readonly string[] FeedbackParameters = ["@id", "@m", "@l", "@o", "@x", "@at"];

    /// <inheritdoc />
    public Task AppendPredictionsAsync(IReadOnlyList<StoredPrediction> predictions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return predictions.Count == 0 ? Task.CompletedTask : WriteAsync((c, t, token) => Dialect.ExecuteBatchAsync(c, t,
            "INSERT INTO predictions (prediction_id, model, version, created_at, input, output) VALUES (@id, @m, @v, @at, @in, @out) ON CONFLICT (prediction_id) DO NOTHING",
            PredictionParameters,
            predictions.Select(p => new object?[] { p.PredictionId, p.Model, p.Version, p.At.ToUnixTimeMilliseconds(), p.InputJson, p.OutputJson }), token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, StoredPrediction>> GetPredictionsAsync(string model, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            var rows = await ReadAllAsync(Command(c, null,
                $"SELECT prediction_id, model, version, created_at, input, output FROM predictions WHERE model = @m AND prediction_id IN ({Dialect.JsonTextArray("@ids")})",
                ("@m", model), ("@ids", System.Text.Json.JsonSerializer.Serialize(ids))), ReadPrediction, token);
            return (IReadOnlyDictionary<string, StoredPrediction>)rows.ToDictionary(p => p.PredictionId, StringComparer.Ordinal);
        }, cancellationToken);

    /// <inheritdoc />
    public Task AddFeedbackAsync(IReadOnlyList<FeedbackLabel> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Count == 0 ? Task.CompletedTask : WriteAsync((c, t, token) => Dialect.ExecuteBatchAsync(c, t,
            """
            INSERT INTO prediction_feedback (prediction_id, model, label, outcome, text, received_at) VALUES (@id, @m, @l, @o, @x, @at)
            ON CONFLICT (prediction_id) DO UPDATE SET label = excluded.label, outcome = excluded.outcome, text = excluded.text, received_at = excluded.received_at
            """,
            FeedbackParameters,
            labels.Select(l => new object?[] { l.PredictionId, l.Model, l.LabelJson, l.Outcome, l.Text, l.ReceivedAt.ToUnixTimeMilliseconds() }), token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountFeedbackAsync(string model, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            var rows = await ReadAllAsync(Command(c, null,
                "SELECT COALESCE(outcome, ''), CAST(COUNT(*) AS bigint) FROM prediction_feedback WHERE model = @m GROUP BY COALESCE(outcome, '')", ("@m", model)),
                r => (r.GetString(0), r.GetInt64(1)), token);
            return (IReadOnlyDictionary<string, long>)rows.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LabelledPrediction>> ListLabelledAsync(string model, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            """
            SELECT p.prediction_id, p.model, p.version, p.created_at, p.input, p.output, f.label, f.outcome, f.text, f.received_at
            FROM prediction_feedback f JOIN predictions p ON p.prediction_id = f.prediction_id
            WHERE f.model = @m
            ORDER BY p.created_at DESC
            LIMIT @limit
            """, ("@m", model), ("@limit", limit)),
            r => new LabelledPrediction(ReadPrediction(r),
                new FeedbackLabel(r.GetString(0), r.GetString(1), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), FromMillis(r.GetInt64(9)))),
            token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredPrediction>> ListPredictionsAsync(string model, int? version, DateTimeOffset from, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            $"""
            SELECT prediction_id, model, version, created_at, input, output FROM predictions
            WHERE model = @m AND {VersionOrAnswers} AND created_at >= @from
            ORDER BY created_at, prediction_id
            LIMIT @limit
            """, ("@m", model), ("@v", version ?? -1), ("@from", from.ToUnixTimeMilliseconds()), ("@limit", limit)),
            ReadPrediction, token), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPrediction>> ListLatestPredictionsAsync(string model, int? version, int limit, CancellationToken cancellationToken = default)
    {
        var newestFirst = await ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            $"""
            SELECT prediction_id, model, version, created_at, input, output FROM predictions
            WHERE model = @m AND {VersionOrAnswers}
            ORDER BY created_at DESC, prediction_id DESC
            LIMIT @limit
            """, ("@m", model), ("@v", version ?? -1), ("@limit", limit)),
            ReadPrediction, token), cancellationToken);
        return newestFirst.Reverse().ToList();
    }

    /// <summary>
    /// One version's predictions, shadow scores included; or, for the whole model (<c>@v</c> &lt; 0), the answers only:
    /// a shadow prediction repeats an input the answer already logged, and counting it twice would skew drift and
    /// monitoring windows towards the challenger's traffic.
    /// </summary>
    private const string VersionOrAnswers = $"(version = @v OR (@v < 0 AND prediction_id NOT LIKE '%{ShadowSuffix}'))";

    private static StoredPrediction ReadPrediction(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), FromMillis(r.GetInt64(3)), r.GetString(4), r.GetString(5));
}
