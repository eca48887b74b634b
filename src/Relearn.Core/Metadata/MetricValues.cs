using System.Data.Common;

namespace Relearn.Core.Metadata;

/// <summary>
/// Metric values as the stores keep them. MLflow clients log NaN and ±Infinity; SQLite stores a NaN REAL as NULL,
/// which the NOT NULL value column refuses, so NaN is written as the text <c>'NaN'</c> (a REAL column keeps text that
/// is not a number as text) and read back as NaN. Infinities are REALs in SQLite, and PostgreSQL's double precision
/// keeps all three as they are.
/// </summary>
internal static class MetricValues
{
    /// <summary>The value bound for SQLite.</summary>
    public static object ToSqlite(double value) => double.IsNaN(value) ? "NaN" : value;

    /// <summary>A value column read back from either store.</summary>
    public static double Read(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) is string ? double.NaN : reader.GetDouble(ordinal);
}
