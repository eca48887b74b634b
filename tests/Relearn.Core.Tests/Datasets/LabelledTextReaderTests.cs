using Relearn.Core.Datasets;

namespace Relearn.Core.Tests.Datasets;

public sealed class LabelledTextReaderTests : IDisposable
{
    private readonly TempFolder _folder = Some.Folder();

    [Fact]
    public void ReadFiles_UciFormat_ReadsEveryRow()
    {
        var rows = LabelledTextReader.ReadFiles([Some.Yelp]);

        Assert.Equal(1000, rows.Count);
        Assert.Equal(500, rows.Count(r => r.Label));
        Assert.Equal("Wow... Loved this place.", rows[0].Text);
    }

    [Fact]
    public void ReadFiles_TsvWithHeader_FindsColumnsByName()
    {
        var path = Some.File(_folder, "detox.tsv", "Sentiment\tSentimentText\n1\tyou are awful\n0\tthanks for the fix\n");

        var rows = LabelledTextReader.ReadFiles([path]);

        Assert.Equal([("you are awful", true), ("thanks for the fix", false)], rows.Select(r => (r.Text, r.Label)));
    }

    [Fact]
    public void ReadFiles_JsonLines_AcceptsNumbersBooleansAndNames()
    {
        var path = Some.File(_folder, "d.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":false}\n\n{\"text\":\"c\",\"label\":\"positive\"}\n");

        Assert.Equal([true, false, true], LabelledTextReader.ReadFiles([path]).Select(r => r.Label));
    }

    [Theory]
    [InlineData("bad.tsv", "good\t1\nno label here\n", "bad.tsv line 2")]
    [InlineData("bad.tsv", "good\t1\nbad label\t7\n", "label '7'")]
    [InlineData("bad.tsv", "good\t1\n \t0\n", "empty text")]
    [InlineData("bad.jsonl", "{\"text\":\"a\",\"label\":1}\n{not json\n", "bad.jsonl line 2")]
    [InlineData("bad.jsonl", "{\"text\":5,\"label\":1}\n", "string \"text\"")]
    public void ReadFiles_MalformedRow_NamesTheFileAndLine(string name, string content, string expected)
    {
        var path = Some.File(_folder, name, content);

        var error = Assert.Throws<RelearnException>(() => LabelledTextReader.ReadFiles([path]));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFiles_MissingFile_IsNotFound()
    {
        var error = Assert.Throws<RelearnException>(() => LabelledTextReader.ReadFiles([Path.Combine(_folder.Path, "nope.tsv")]));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void RequireTrainable_EmptyOrOneClass_IsRejected()
    {
        Assert.Contains("empty", Assert.Throws<RelearnException>(() => LabelledTextReader.RequireTrainable([])).Message, StringComparison.Ordinal);
        var oneClass = Enumerable.Range(0, 10).Select(i => Some.Text($"t{i}", true)).ToList();
        Assert.Contains("0 negative", Assert.Throws<RelearnException>(() => LabelledTextReader.RequireTrainable(oneClass)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalBytes_RoundTrip_AndHashDependsOnContentOnly()
    {
        var rows = new[] { Some.Text("one", true), Some.Text("two", false) };

        var bytes = LabelledTextReader.ToCanonicalBytes(rows);

        Assert.Equal(rows.Select(r => (r.Text, r.Label)), LabelledTextReader.FromCanonicalBytes(bytes).Select(r => (r.Text, r.Label)));
        Assert.Equal(LabelledTextReader.ContentHash(bytes), LabelledTextReader.ContentHash(LabelledTextReader.ToCanonicalBytes(rows.ToList())));
        Assert.NotEqual(LabelledTextReader.ContentHash(bytes), LabelledTextReader.ContentHash(LabelledTextReader.ToCanonicalBytes(rows.Reverse())));
    }

    public void Dispose() => _folder.Dispose();
}
