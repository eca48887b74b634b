using Relearn.Core.Monitoring.Drift;

namespace Relearn.Core.Tests.Monitoring;

public sealed class DriftAnalyzerTests
{
    [Theory]
    [InlineData(ColumnKind.Num, 1000, 6, "ks")]
    [InlineData(ColumnKind.Num, 1000, 5, "chisquare")]
    [InlineData(ColumnKind.Num, 1000, 2, "z")]
    [InlineData(ColumnKind.Cat, 500, 3, "chisquare")]
    [InlineData(ColumnKind.Cat, 500, 2, "z")]
    [InlineData(ColumnKind.Num, 1001, 6, "wasserstein")]
    [InlineData(ColumnKind.Num, 1001, 5, "jensenshannon")]
    [InlineData(ColumnKind.Cat, 5000, 40, "jensenshannon")]
    [InlineData(ColumnKind.Text, 1000, 0, "text_content_drift")]
    [InlineData(ColumnKind.Text, 1001, 0, "abs_text_content_drift")]
    public void DefaultTest_IsEvidentlysChoiceBySizeKindAndDistinctValues_Issue9(ColumnKind kind, long referenceRows, long distinct, string expected) =>
        Assert.Equal(expected, StatTest.Default(kind, referenceRows, distinct).Name);

    [Fact]
    public void Compare_DatasetDrift_WhenHalfTheColumnsDrift_Issue9()
    {
        var random = new Random(7);
        ColumnSample Numbers(string name, double shift, int n)
        {
            var s = new ColumnSample(name, ColumnKind.Num);
            for (var i = 0; i < n; i++)
            {
                s.Add(random.NextDouble() + shift);
            }
            s.Seal();
            return s;
        }
        var reference = new[] { Numbers("a", 0, 2000), Numbers("b", 0, 2000) };
        var current = new[] { Numbers("a", 0.5, 2000), Numbers("b", 0, 2000) };

        var report = DriftAnalyzer.Compare(reference, current, 2000, 2000);

        Assert.Equal(["wasserstein", "wasserstein"], report.Columns.Select(c => c.Test));
        Assert.True(report.Columns[0].Drift);
        Assert.False(report.Columns[1].Drift);
        Assert.Equal(1, report.DriftedColumns);
        Assert.Equal(0.5, report.Share);
        Assert.True(report.DatasetDrift);
    }

    [Fact]
    public void Compare_ThresholdOverride_ChangesTheVerdict_Issue9()
    {
        var reference = Column("x", 0, 100);
        var current = Column("x", 3, 100);
        var loose = new DriftOptions { Thresholds = new Dictionary<string, double> { ["x"] = 1e-300 } };

        Assert.True(DriftAnalyzer.Compare([reference], [current], 100, 100).Columns[0].Drift);
        var column = DriftAnalyzer.Compare([reference], [current], 100, 100, loose).Columns[0];
        Assert.Equal(1e-300, column.Threshold);
        Assert.False(column.Drift);
    }

    [Fact]
    public void Compare_EmptyCurrentColumn_SaysNotEnoughData_Issue9()
    {
        var current = new ColumnSample("x", ColumnKind.Num);
        current.Add(double.NaN);
        current.Seal();

        var report = DriftAnalyzer.Compare([Column("x", 0, 50)], [current], 50, 1);

        Assert.Equal(DriftAnalyzer.NotEnoughData, report.Verdict);
        Assert.Null(report.Columns[0].Statistic);
        Assert.Equal(1, report.Columns[0].CurrentMissing);
        Assert.False(report.DatasetDrift);
    }

    [Fact]
    public void Compare_UnknownOrUnfitStatTest_IsRejected_Issue9()
    {
        var options = new DriftOptions { StatTests = new Dictionary<string, string> { ["x"] = "nope" } };
        Assert.Contains("unknown stat test 'nope'", Assert.Throws<RelearnException>(() => DriftAnalyzer.Compare([Column("x", 0, 10)], [Column("x", 0, 10)], 10, 10, options)).Message);
        var unfit = new DriftOptions { StatTests = new Dictionary<string, string> { ["x"] = "ks" } };
        var text = new ColumnSample("x", ColumnKind.Cat);
        text.Add("a");
        Assert.Contains("does not apply", Assert.Throws<RelearnException>(() => DriftAnalyzer.Compare([text], [text], 1, 1, unfit)).Message);
    }

    private static ColumnSample Column(string name, double start, int n)
    {
        var s = new ColumnSample(name, ColumnKind.Num);
        for (var i = 0; i < n; i++)
        {
            s.Add(start + i * 0.01);
        }
        s.Seal();
        return s;
    }
}
