using System.Text.Json.Serialization;
using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Monitoring.Profiles;

/// <summary>
/// What a model version saw at registration, kept compact: per column its kind, counts, a bounded seeded sample
/// for the drift tests and summaries for people (quantiles, category shares, text lengths, vocabulary), plus the
/// evaluation metrics the version was registered with. Stored as an artifact with the version.
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Model version.</param>
/// <param name="Task">The version's task.</param>
/// <param name="Source">Where the rows came from (a dataset version, e.g. <c>sentiment:3</c>).</param>
/// <param name="Rows">Rows profiled (all of them, not just the sample): the drift tests are chosen by this count.</param>
/// <param name="Columns">One profile per input column, then the <c>prediction.*</c> columns.</param>
/// <param name="Metrics">The version's evaluation metrics at registration.</param>
public sealed record ReferenceProfile(string Model, int Version, string Task, string Source, long Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Format version of the stored JSON.</summary>
    public int Format { get; init; } = 1;
}

/// <summary>One column of a <see cref="ReferenceProfile"/>.</summary>
public sealed record ColumnProfile
{
    /// <summary>Column name; <c>prediction.X</c> for a field of the model's answer.</summary>
    public required string Name { get; init; }

    /// <summary>How it is compared.</summary>
    public required ColumnKind Kind { get; init; }

    /// <summary>Rows that had a value.</summary>
    public required long Count { get; init; }

    /// <summary>Rows where it was missing.</summary>
    public required long Missing { get; init; }

    /// <summary>Rows the column's drift test is chosen by: every row for inputs, the scored rows for predictions.</summary>
    public required long Rows { get; init; }

    /// <summary>A uniform seeded sample of the numbers (bounded), for the drift tests.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? Numbers { get; init; }

    /// <summary>A uniform seeded sample of the categories or texts (bounded; texts cut at a bounded length).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Values { get; init; }

    /// <summary>Numbers: the 0, 5, ..., 100th percentiles of every value.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? Quantiles { get; init; }

    /// <summary>Categories: the most common values' shares of every value.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Shares { get; init; }

    /// <summary>Text: the 0, 5, ..., 100th percentiles of the length in characters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? LengthQuantiles { get; init; }

    /// <summary>Text: the most common words' shares of all words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Vocabulary { get; init; }

    /// <summary>The sample as a sealed drift-test column.</summary>
    public ColumnSample ToSample()
    {
        var sample = new ColumnSample(Name, Kind);
        foreach (var number in Numbers ?? [])
        {
            sample.Add(number);
        }
        foreach (var value in Values ?? [])
        {
            sample.Add(value);
        }
        sample.Seal();
        return sample;
    }
}
