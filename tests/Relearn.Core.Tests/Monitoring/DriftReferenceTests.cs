using Relearn.Core.Monitoring.Drift;
using static Relearn.Core.Tests.Monitoring.ReferenceValues;

namespace Relearn.Core.Tests.Monitoring;

/// <summary>
/// Every stat test, run through the drift analyzer, against values scipy gives for Evidently's formulas
/// (Monitoring/ReferenceValues/make_drift_reference_values.py).
/// </summary>
public sealed class DriftReferenceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Drift["cases"]!.AsArray())
        {
            data.Add((string)c!["name"]!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatTest_EqualsScipyOnEvidentlysFormula_Issue9(string name)
    {
        var c = Drift["cases"]!.AsArray().Single(x => (string)x!["name"]! == name)!;
        var kind = (string)c["kind"]! == "cat" ? ColumnKind.Cat : ColumnKind.Num;
        var reference = Sample("x", kind, c["reference"]);
        var current = Sample("x", kind, c["current"]);
        var options = new DriftOptions { StatTests = new Dictionary<string, string> { ["x"] = (string)c["test"]! } };

        var column = DriftAnalyzer.Compare([reference], [current], reference.Count, current.Count, options).Columns.Single();

        Assert.Equal((string)c["test"]!, column.Test);
        var expected = Number(c["statistic"]);
        if (double.IsInfinity(expected))
        {
            Assert.True(double.IsPositiveInfinity(column.Statistic!.Value));
        }
        else
        {
            Assert.Equal(expected, column.Statistic!.Value, Math.Max(1e-6, Math.Abs(expected) * 1e-9));
        }
        if (c["p_value"] is { } p)
        {
            Assert.Equal(Number(p), column.PValue!.Value, 1e-6);
        }
        else
        {
            Assert.Null(column.PValue);
        }
    }

    internal static ColumnSample Sample(string name, ColumnKind kind, System.Text.Json.Nodes.JsonNode? values)
    {
        var sample = new ColumnSample(name, kind);
        if (kind == ColumnKind.Num)
        {
            foreach (var v in Doubles(values))
            {
                sample.Add(v);
            }
        }
        else
        {
            foreach (var v in Strings(values))
            {
                sample.Add(v);
            }
        }
        sample.Seal();
        return sample;
    }
}
