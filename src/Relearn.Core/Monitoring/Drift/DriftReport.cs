using System.Text.Json.Serialization;

namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// The drift of two tables, column by column. Serialized as the contract
/// <c>{"dataset_drift","drifted_columns","share","columns":[...]}</c>; the other members are for reports.
/// </summary>
public sealed record DriftReport
{
    /// <summary>Whether the share of drifted columns reached <see cref="DriftShareThreshold"/> (Evidently: ≥ 0.5).</summary>
    public required bool DatasetDrift { get; init; }

    /// <summary>How many columns drifted.</summary>
    public required int DriftedColumns { get; init; }

    /// <summary>Drifted columns / columns tested.</summary>
    public required double Share { get; init; }

    /// <summary>One entry per column.</summary>
    public required IReadOnlyList<ColumnDrift> Columns { get; init; }

    /// <summary>"not enough data" when a side had too few rows to test; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Verdict { get; init; }

    /// <summary>Rows read from the reference.</summary>
    public long ReferenceRows { get; init; }

    /// <summary>Rows read from the current data.</summary>
    public long CurrentRows { get; init; }

    /// <summary>The share of drifted columns from which the dataset counts as drifted.</summary>
    public double DriftShareThreshold { get; init; } = 0.5;

    /// <summary>The model checked, for a check of a registered model; absent for two files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>The version whose reference profile was the reference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Version { get; init; }

    /// <summary>The current window, as shown (e.g. <c>last 24 h</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Window { get; init; }

    /// <summary>The version's evaluation metrics at registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? ReferenceMetrics { get; init; }

    /// <summary>The task's metrics on labelled predictions per window, oldest first (once labels exist).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Reports.PerformanceWindow>? Performance { get; init; }
}

/// <summary>The drift of one column: the contract fields first, then what the HTML report draws.</summary>
public sealed record ColumnDrift
{
    /// <summary>The column's name.</summary>
    public required string Column { get; init; }

    /// <summary><c>num</c>, <c>cat</c> or <c>text</c>.</summary>
    public required ColumnKind Type { get; init; }

    /// <summary>The test's name (<c>ks</c>, <c>chisquare</c>, <c>z</c>, <c>wasserstein</c>, <c>jensenshannon</c>, <c>psi</c>, <c>kl_div</c>, <c>hellinger</c>, or a text test).</summary>
    public required string Test { get; init; }

    /// <summary>The test statistic (for distances, the distance).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? Statistic { get; init; }

    /// <summary>The p-value; null for tests that have none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? PValue { get; init; }

    /// <summary>The threshold applied.</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether the column drifted.</summary>
    public required bool Drift { get; init; }

    /// <summary>Evidently's drift score: the p-value where the test has one, else the statistic.</summary>
    [JsonIgnore]
    public double? Score => PValue ?? Statistic;

    /// <summary>Missing values dropped from the reference and current samples.</summary>
    public long ReferenceMissing { get; init; }

    /// <summary>Missing values dropped from the current sample.</summary>
    public long CurrentMissing { get; init; }

    /// <summary>Values compared from the reference.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>Values compared from the current data.</summary>
    public long CurrentCount { get; init; }

    /// <summary>What the report draws for this column (histograms, category shares or text findings).</summary>
    [JsonIgnore]
    public ColumnPicture? Picture { get; init; }
}
