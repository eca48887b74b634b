using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// Per-row expectations on one column (GE's column map expectations): each present value is expected or not; missing
/// values are left out (except by not-null, which checks exactly them). All take <c>mostly</c>.
/// </summary>
internal static class ColumnMapExpectations
{
    public static ExpectationOutcome NotNull(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var missing = Enumerable.Range(0, batch.RowCount).Where(r => column.Values[r] is null).ToList();
        // GE passes nonnull_count=None here: unexpected_percent is over every row and the missing fields are left out.
        return MapResult.Build(c, batch.RowCount, null, missing, _ => null);
    }

    public static ExpectationOutcome Unique(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        // pandas duplicated(keep=False): every occurrence of a repeated value is unexpected; numbers compare by value.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in Present(column).Select(r => Key(column, r)))
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return Map(c, batch, column, r => counts[Key(column, r)] > 1);
    }

    public static ExpectationOutcome Between(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        RequireNumeric(column);
        var bounds = Bounds.Of(c);
        return Map(c, batch, column, r => !bounds.Contains(column.NumberAt(r)!.Value));
    }

    public static ExpectationOutcome InSet(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var set = c.Kwargs["value_set"]!.AsArray();
        return Map(c, batch, column, r => !set.Any(v => Matches(column, r, v)));
    }

    public static ExpectationOutcome NotInSet(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var set = c.Kwargs["value_set"]!.AsArray();
        return Map(c, batch, column, r => set.Any(v => Matches(column, r, v)));
    }

    public static ExpectationOutcome OfType(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var wanted = c.Text("type_");
        var dtype = TypeNames.DTypeOf(wanted) ?? throw new ExpectationDataException(
            $"type_ '{wanted}' is not a type Relearn knows (int, int64, float, float64, bool, str, string, object)");
        // GE (pandas): a column whose dtype is the one asked for, or a concrete (non-object) dtype, is checked as a whole
        // and reports its dtype; an object column (mixed or text values) is checked value by value.
        if (column.DType == dtype || column.DType != "object")
        {
            return new ExpectationOutcome(c, column.DType == dtype, new JsonObject { ["observed_value"] = column.DType });
        }
        return Map(c, batch, column, r => !TypeNames.Fits(column.Values[r]!, dtype));
    }

    public static ExpectationOutcome MatchRegex(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        // pandas str.contains: a match anywhere in the value, as Python's re.search.
        var regex = new Regex(c.Text("regex"), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return Map(c, batch, column, r => !regex.IsMatch(column.Values[r]!));
    }

    public static ExpectationOutcome LengthsBetween(ExpectationConfiguration c, DataBatch batch)
    {
        var column = c.ColumnOf(batch);
        var bounds = Bounds.Of(c);
        // Python's len counts code points, not UTF-16 units.
        return Map(c, batch, column, r => !bounds.Contains(column.Values[r]!.EnumerateRunes().Count()));
    }

    private static ExpectationOutcome Map(ExpectationConfiguration c, DataBatch batch, ColumnData column, Func<int, bool> unexpected) =>
        MapResult.Build(c, batch.RowCount, column.NonNullCount, Present(column).Where(unexpected).ToList(), column.JsonAt);

    private static IEnumerable<int> Present(ColumnData column) => Enumerable.Range(0, column.Values.Count).Where(r => column.Values[r] is not null);

    private static string Key(ColumnData column, int row) =>
        column.IsNumeric ? column.NumberAt(row)!.Value.ToString("R", CultureInfo.InvariantCulture) : column.Values[row]!;

    /// <summary>A value equals a set member: a number by value (1 matches 1.0), a string by its text, a boolean by truth.</summary>
    private static bool Matches(ColumnData column, int row, JsonNode? member)
    {
        var value = column.Values[row]!;
        return member?.GetValueKind() switch
        {
            JsonValueKind.Number => ColumnData.Parse(value) is { } n && n == member.GetValue<double>(),
            JsonValueKind.String => string.Equals(value, member.GetValue<string>(), StringComparison.Ordinal),
            JsonValueKind.True or JsonValueKind.False => ColumnData.ParseBool(value) == member.GetValue<bool>(),
            _ => false,
        };
    }

    private static void RequireNumeric(ColumnData column)
    {
        if (!column.IsNumeric)
        {
            throw new ExpectationDataException($"column '{column.Name}' is not numeric (dtype {column.DType})");
        }
    }

    internal static void EnsureNumeric(ColumnData column) => RequireNumeric(column);
}
