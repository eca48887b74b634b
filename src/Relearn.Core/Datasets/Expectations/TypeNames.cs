namespace Relearn.Core.Datasets.Expectations;

/// <summary>The <c>type_</c> names GE accepts for pandas (numpy dtype names and Python type names), mapped to the dtypes Relearn infers.</summary>
internal static class TypeNames
{
    public static string? DTypeOf(string name) => name switch
    {
        "int" or "int64" or "int32" or "INTEGER" or "integer" => "int64",
        "float" or "float64" or "float32" or "FLOAT" => "float64",
        "bool" or "boolean" or "BOOLEAN" => "bool",
        "str" or "string" or "STRING" => "str",
        "object" => "object",
        _ => null,
    };

    /// <summary>Whether one value of an object column is of <paramref name="dtype"/>: text always is <c>str</c>; a number or boolean is its own type.</summary>
    public static bool Fits(string value, string dtype) => dtype switch
    {
        "str" => true,
        "int64" => long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        "float64" => ColumnData.Parse(value) is not null,
        "bool" => ColumnData.ParseBool(value) is not null,
        _ => false,
    };
}
