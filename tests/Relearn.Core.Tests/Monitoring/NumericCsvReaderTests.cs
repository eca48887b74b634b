using System.Globalization;
using System.Text;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Tables;

namespace Relearn.Core.Tests.Monitoring;

/// <summary>The byte-level CSV fast path and the radix sort of the drift check give exactly what the general path gives (issue 9).</summary>
public sealed class NumericCsvReaderTests
{
    [Fact]
    public void TryParseDecimal_PlainDecimals_GiveTheSameDoubleAsDoubleParse_Issue9()
    {
        var random = new Random(9);
        var texts = new List<string> { "0", "-0", "-0.000000", "1.", ".5", "-.5", "007.250", "123456789012345", "0.0000000000000000000001", "9999999999.99999" };
        for (var i = 0; i < 100_000; i++)
        {
            var digits = random.Next(1, 16);
            var whole = random.NextInt64(0, (long)Math.Pow(10, digits));
            var decimals = random.Next(0, Math.Min(digits, 22) + 1);
            var text = whole.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            texts.Add((random.Next(2) == 0 ? "-" : "") + (decimals == 0 ? text : text[..^decimals] + "." + text[^decimals..]));
        }

        foreach (var text in texts)
        {
            Assert.True(NumericCsvReader.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var parsed), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(parsed));
        }
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("NaN")]
    [InlineData("1234567890123456")]
    [InlineData("0.00000000000000000000001")]
    public void TryParseDecimal_AnythingElse_IsLeftToTheGeneralParse_Issue9(string text) =>
        Assert.False(NumericCsvReader.TryParseDecimal(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public async Task CompareFiles_QuotedCrLfCrAndBomFiles_GiveTheSameReportAsPlainOnes_Issue9()
    {
        var folder = Directory.CreateTempSubdirectory("relearn-csv-").FullName;
        var random = new Random(90);
        var rows = Enumerable.Range(0, 3000).Select(i => new[]
        {
            (random.NextDouble() * 10 - 5).ToString("F6", CultureInfo.InvariantCulture),
            i % 97 == 0 ? "NaN" : (random.NextDouble() * (i < 1500 ? 1 : 2)).ToString("R", CultureInfo.InvariantCulture),
            i % 50 == 0 ? "" : (random.Next(3) * 1.5e-7).ToString("R", CultureInfo.InvariantCulture),
        }).ToArray();
        string Write(string name, string text, bool bom = false)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text, new UTF8Encoding(bom));
            return path;
        }
        string Plain(IEnumerable<string[]> part) => "a,b,c\n" + string.Concat(part.Select(r => string.Join(',', r) + "\n"));
        string Quoted(IEnumerable<string[]> part) => "\"a\",b,c\r\n" + string.Concat(part.Select(r => string.Join(',', r.Select(v => $"\"{v}\"")) + "\r\n"));
        try
        {
            var plain = await DriftTables.CompareFilesAsync(Write("r.csv", Plain(rows[..1500])), Write("c.csv", Plain(rows[1500..])));
            var quoted = await DriftTables.CompareFilesAsync(Write("rq.csv", Quoted(rows[..1500]), bom: true), Write("cq.csv", Quoted(rows[1500..])));
            var crlf = await DriftTables.CompareFilesAsync(Write("rb.csv", Plain(rows[..1500]).Replace("\n", "\r\n", StringComparison.Ordinal), bom: true), Write("cb.csv", Plain(rows[1500..]).TrimEnd('\n')));

            var cr = await DriftTables.CompareFilesAsync(Write("rr.csv", Plain(rows[..1500]).Replace("\n", "\r", StringComparison.Ordinal)), Write("cr.csv", Plain(rows[1500..])));

            foreach (var other in new[] { quoted, crlf, cr })
            {
                Assert.Equal(plain.ReferenceRows, other.ReferenceRows);
                Assert.Equal(plain.CurrentRows, other.CurrentRows);
                Assert.Equal(plain.Columns.Select(c => (c.Test, c.Statistic, c.PValue, c.Drift, c.ReferenceMissing, c.CurrentMissing)),
                    other.Columns.Select(c => (c.Test, c.Statistic, c.PValue, c.Drift, c.ReferenceMissing, c.CurrentMissing)));
            }
            Assert.Equal(1500, plain.ReferenceRows);
            Assert.True(plain.Columns[1].ReferenceMissing > 0, "NaN is counted as missing");
            Assert.True(plain.Columns[2].CurrentMissing > 0, "empty is counted as missing");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CompareFiles_AQuotePastTheFirstBlock_StartsOverWithSepAndCountsEveryRowOnce_Issue9()
    {
        var folder = Directory.CreateTempSubdirectory("relearn-csv-").FullName;
        try
        {
            var random = new Random(91);
            var lines = Enumerable.Range(0, 140_000).Select(_ => string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble():F6},{random.NextDouble():F6}")).ToArray();
            var reference = Path.Combine(folder, "r.csv");
            var plain = Path.Combine(folder, "c.csv");
            var quoted = Path.Combine(folder, "cq.csv");
            await File.WriteAllTextAsync(reference, "x,y\n" + string.Join('\n', lines[..70_000]) + "\n");
            await File.WriteAllTextAsync(plain, "x,y\n" + string.Join('\n', lines[70_000..]) + "\n");
            Assert.True(new FileInfo(plain).Length > 1 << 20, "the quote must come after the first block");
            await File.WriteAllTextAsync(quoted, "x,y\n" + string.Join('\n', lines[70_000..^1]) + "\n\"" + lines[^1].Replace(",", "\",", StringComparison.Ordinal) + "\n");

            var expected = await DriftTables.CompareFilesAsync(reference, plain);
            var actual = await DriftTables.CompareFilesAsync(reference, quoted);

            Assert.Equal(70_000, actual.CurrentRows);
            Assert.Equal(expected.Columns.Select(c => (c.Statistic, c.CurrentCount)), actual.Columns.Select(c => (c.Statistic, c.CurrentCount)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("x,y\n1,2\n3\n", "row 2 has 1 values; the header has 2 columns")]
    [InlineData("x,y\n1,2\n3,abc\n", "row 2, column 'y': 'abc' is not a number")]
    public async Task CompareFiles_BadRow_NamesTheRow_Issue9(string current, string message)
    {
        var folder = Directory.CreateTempSubdirectory("relearn-csv-").FullName;
        try
        {
            var reference = Path.Combine(folder, "r.csv");
            var currentPath = Path.Combine(folder, "c.csv");
            await File.WriteAllTextAsync(reference, "x,y\n1,2\n3,4\n");
            await File.WriteAllTextAsync(currentPath, current);

            var error = await Assert.ThrowsAsync<RelearnException>(() => DriftTables.CompareFilesAsync(reference, currentPath));

            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public void Sort_EqualsArraySort_WithNegativesZeroesAndTies_AndLeavesTheRestAlone_Issue9(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count + 10).Select(i => i % 11 == 0 ? Math.Round(random.NextDouble() * 4 - 2, 1)
            : i % 13 == 0 ? -0.0 : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30))).ToArray();
        var expected = values[..count];
        Array.Sort(expected);

        var tail = values[count..];

        Sorting.Sort(values.AsSpan(0, count));

        Assert.Equal(expected, values[..count]);
        Assert.Equal(tail, values[count..]);
    }
}
