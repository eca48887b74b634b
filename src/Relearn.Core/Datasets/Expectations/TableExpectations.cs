using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>Expectations on the table as a whole and on several columns together.</summary>
internal static class TableExpectations
{
    public static ExpectationOutcome ColumnToExist(ExpectationConfiguration c, DataBatch batch)
    {
        var name = c.Text("column");
        var index = batch.Columns.ToList().IndexOf(name);
        var success = index >= 0 && (c.Number("column_index") is not { } at || at == index);
        return new ExpectationOutcome(c, success, []);
    }

    public static ExpectationOutcome RowCountBetween(ExpectationConfiguration c, DataBatch batch) =>
        new(c, Bounds.Of(c).Contains(batch.RowCount), new JsonObject { ["observed_value"] = batch.RowCount });

    /// <summary>GE: with <c>exact_match</c> (the default) the columns must be the set exactly, else must include it; <c>details.mismatched</c> names the difference.</summary>
    public static ExpectationOutcome ColumnsMatchSet(ExpectationConfiguration c, DataBatch batch)
    {
        var expected = c.Names("column_set");
        var exact = c.Flag("exact_match", true);
        var unexpected = batch.Columns.Except(expected, StringComparer.Ordinal).ToArray();
        var missing = expected.Except(batch.Columns, StringComparer.Ordinal).ToArray();
        var success = missing.Length == 0 && (!exact || unexpected.Length == 0);
        var result = new JsonObject { ["observed_value"] = new JsonArray(batch.Columns.Select(n => (JsonNode)n).ToArray()) };
        if (!success)
        {
            var mismatched = new JsonObject();
            if (unexpected.Length > 0 && exact)
            {
                mismatched["unexpected"] = new JsonArray(unexpected.Select(n => (JsonNode)n).ToArray());
            }
            if (missing.Length > 0)
            {
                mismatched["missing"] = new JsonArray(missing.Select(n => (JsonNode)n).ToArray());
            }
            result["details"] = new JsonObject { ["mismatched"] = mismatched };
        }
        return new ExpectationOutcome(c, success, result);
    }

    /// <summary>
    /// Rows whose combination of values in <c>column_list</c> occurs more than once are unexpected (every occurrence);
    /// rows are skipped as GE's <c>ignore_row_if</c> says: <c>all_values_are_missing</c> (default),
    /// <c>any_value_is_missing</c> or <c>never</c>. Unexpected values are shown as {column: value} objects, as GE does.
    /// </summary>
    public static ExpectationOutcome CompoundColumnsUnique(ExpectationConfiguration c, DataBatch batch)
    {
        var names = c.Names("column_list");
        var columns = names.Select(n => batch.Column(n) ?? throw new ExpectationDataException(
            $"column '{n}' is not in the data (columns: {string.Join(", ", batch.Columns)})")).ToArray();
        var ignore = c.OptionalText("ignore_row_if") ?? "all_values_are_missing";
        Func<int, bool> skipped = ignore switch
        {
            "all_values_are_missing" => r => columns.All(col => col.Values[r] is null),
            "any_value_is_missing" => r => columns.Any(col => col.Values[r] is null),
            "never" => _ => false,
            _ => throw new ExpectationDataException($"ignore_row_if '{ignore}' is not all_values_are_missing, any_value_is_missing or never"),
        };
        var rows = Enumerable.Range(0, batch.RowCount).Where(r => !skipped(r)).ToList();
        var key = (int r) => string.Join('\u001f', columns.Select(col => col.Values[r] ?? "\u0000"));
        var counts = rows.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unexpected = rows.Where(r => counts[key(r)] > 1).ToList();
        return MapResult.Build(c, batch.RowCount, rows.Count, unexpected,
            r => new JsonObject(columns.Select(col => KeyValuePair.Create(col.Name, col.JsonAt(r)))));
    }
}
