namespace Relearn.Core.Monitoring.Drift;

/// <summary>How a column is compared; the JSON names are Evidently's (<c>num</c>, <c>cat</c>, <c>text</c>).</summary>
public enum ColumnKind
{
    /// <summary>Numbers.</summary>
    Num,
    /// <summary>Categories: a value from a small set.</summary>
    Cat,
    /// <summary>Free text.</summary>
    Text,
}
