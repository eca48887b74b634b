using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// Expectations on one statistic of a column (GE's column aggregate expectations), computed over the present values as
/// GE's pandas metrics compute them (great_expectations/expectations/metrics/column_aggregate_metrics/): the result
/// carries <c>observed_value</c>, checked against <c>min_value</c>/<c>max_value</c> (<c>strict_min</c>/<c>strict_max</c>).
/// </summary>
internal static class ColumnAggregateExpectations
{
    public static ExpectationOutcome Mean(ExpectationConfiguration c, DataBatch batch) =>
        Numeric(c, batch, Statistics.Mean);

    public static ExpectationOutcome Median(ExpectationConfiguration c, DataBatch batch) =>
        Numeric(c, batch, Statistics.Median);

    public static ExpectationOutcome Stdev(ExpectationConfiguration c, DataBatch batch) =>
        Numeric(c, batch, Statistics.SampleStdev);

    public static ExpectationOutcome Min(ExpectationConfiguration c, DataBatch batch) =>
        Numeric(c, batch, v => v.Length == 0 ? null : v.Min());

    public static ExpectationOutcome Max(ExpectationConfiguration c, DataBatch batch) =>
        Numeric(c, batch, v => v.Length == 0 ? null : v.Max());

    /// <summary>Distinct present values / present values (column_proportion_of_unique_values: unique count over non-null count, 0 when none).</summary>
    public static ExpectationOutcome ProportionOfUnique(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var distinct = column.IsNumeric ? column.Numbers.Distinct().Count() : column.Values.Where(v => v is not null).Distinct(StringComparer.Ordinal).Count();
        double proportion = column.NonNullCount == 0 ? 0 : (double)distinct / column.NonNullCount;
        return Between(c, proportion);
    }

    /// <summary>
    /// <c>quantile_ranges: {quantiles, value_ranges}</c>: each quantile as pandas' <c>Series.quantile(q,
    /// interpolation="nearest")</c>, GE's pandas default (column_quantile_values.py); every one must fall in its range.
    /// </summary>
    public static ExpectationOutcome QuantileValues(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        ColumnMapExpectations.EnsureNumeric(column);
        var ranges = c.Kwargs["quantile_ranges"]!;
        var quantiles = ranges["quantiles"]!.AsArray().Select(q => q!.GetValue<double>()).ToArray();
        var bounds = ranges["value_ranges"]!.AsArray().Select(r => r!.AsArray()).ToArray();
        var sorted = column.Numbers.Order().ToArray();
        var values = quantiles.Select(q => Statistics.NearestQuantile(sorted, q)).ToArray();
        var details = values.Select((v, i) => v is { } x && new Bounds(bounds[i][0]?.GetValue<double>(), bounds[i][1]?.GetValue<double>(), false, false).Contains(x)).ToArray();
        var result = new JsonObject
        {
            ["observed_value"] = new JsonObject
            {
                ["quantiles"] = new JsonArray(quantiles.Select(q => (JsonNode)q).ToArray()),
                ["values"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()),
            },
            ["details"] = new JsonObject { ["success_details"] = new JsonArray(details.Select(d => (JsonNode)d).ToArray()) },
        };
        return new ExpectationOutcome(c, details.All(d => d), result);
    }

    private static ExpectationOutcome Numeric(ExpectationConfiguration c, DataBatch batch, Func<double[], double?> statistic)
    {
        var column = c.ColumnOf(batch);
        ColumnMapExpectations.EnsureNumeric(column);
        return Between(c, statistic(column.Numbers));
    }

    /// <summary>GE's <c>_validate_metric_value_between</c>: no observed value (an empty column) fails.</summary>
    private static ExpectationOutcome Between(ExpectationConfiguration c, double? observed)
    {
        var success = observed is { } value && !double.IsNaN(value) && Bounds.Of(c).Contains(value);
        return new ExpectationOutcome(c, success, new JsonObject { ["observed_value"] = observed is { } o && double.IsFinite(o) ? o : null });
    }
}
