using Relearn.Core;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist;

public sealed class DiffParsingTests
{
    private const string TwoFiles = """
        diff --git a/src/app.py b/src/app.py
        index 1111111..2222222 100644
        --- a/src/app.py
        +++ b/src/app.py
        @@ -10,3 +10,4 @@ def main():
             setup()
        --- old banner
        +++ new banner
        +    print("debug")
             run()
        @@ -40,2 +41,2 @@ def stop():
        -    pass
        +    return 1
             # end
        diff --git a/tests/test_app.py b/tests/test_app.py
        new file mode 100644
        --- /dev/null
        +++ b/tests/test_app.py
        @@ -0,0 +1,2 @@
        +def test_main():
        +    assert main() is None
        """;

    [Fact]
    public void Parse_NumbersLinesAsGitHubDoes_AndReadsHunkBodiesByTheirCounts()
    {
        var files = UnifiedDiff.Parse(TwoFiles);
        Assert.Equal(["src/app.py", "tests/test_app.py"], files.Select(f => f.Path));
        var first = files[0].Hunks[0];
        Assert.Equal(2, files[0].Hunks.Count);
        // "--- old banner" inside the hunk is a removed line, not a file header.
        var removed = Assert.Single(first.Removed);
        Assert.Equal(("LEFT", 11, "-- old banner"), (removed.Side, removed.Line, removed.Text));
        Assert.Equal([11, 12], first.Added.Select(l => l.Line));
        Assert.All(first.Added, l => Assert.Equal("RIGHT", l.Side));
        Assert.Equal(13, first.Lines[^1].NewLine);
        Assert.Equal(12, first.Lines[^1].OldLine);
        Assert.Equal([1, 2], files[1].Hunks[0].Added.Select(l => l.Line));
    }

    [Theory]
    [InlineData("just some text\nnot a diff")]
    [InlineData("")]
    [InlineData("diff --git a/x b/x\nBinary files a/x and b/x differ\n")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\n+c\n")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n*a\n")]
    [InlineData("@@ -1 +1 @@\n-a\n+b\n")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\0\n")]
    public void Parse_RefusesWhatIsNotATextDiff(string diff)
    {
        var e = Assert.Throws<RelearnException>(() => UnifiedDiff.Parse(diff));
        Assert.Equal(RelearnErrorKind.InvalidInput, e.Kind);
    }

    [Fact]
    public void ParseHunk_KeepsAHunkCutShort_AsCodeReviewerSamplesAre()
    {
        var hunk = DiffHunk.Parse("@@ -5,7 +5,8 @@ class A\n a\n-b\n+c\n+d");
        Assert.Equal([6, 7], hunk.Added.Select(l => l.Line));
        Assert.Equal(6, Assert.Single(hunk.Removed).Line);
    }

    [Theory]
    [InlineData("no header here")]
    [InlineData("@@ -1,1 +1,1 @@\n-a\n+b\n+c")]
    [InlineData("@@ -1,1 +1,1 @@\n-a\n+b\n@@ -5,1 +5,1 @@\n-c\n+d")]
    public void ParseHunk_RefusesMalformedPatches(string patch)
    {
        Assert.Equal(RelearnErrorKind.InvalidInput, Assert.Throws<RelearnException>(() => DiffHunk.Parse(patch)).Kind);
    }
}
