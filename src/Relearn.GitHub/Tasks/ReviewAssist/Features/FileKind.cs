using System.Text.RegularExpressions;

namespace Relearn.GitHub.Tasks.ReviewAssist.Features;

/// <summary>What kind of file a hunk is in: test, documentation, configuration or code — from its path, else its content.</summary>
public static partial class FileKind
{
    /// <summary>Kinds, in feature order.</summary>
    public static readonly IReadOnlyList<string> Names = ["test", "doc", "config", "code"];

    [GeneratedRegex(@"(^|/)(tests?|spec|__tests__)/|_test\.|\.test\.|\.spec\.|Tests?\.(java|cs|kt)$|(^|/)test_[^/]*\.py$|_spec\.rb$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TestPath();

    [GeneratedRegex(@"@Test\b|\bfunc Test\w*\(|\bdef test_|\b(describe|it)\(\s*['""]|\[(Fact|Test|TestMethod|Theory)\]|\bassert(Equals|That|True)?\s*\(|\bexpect\(|\bt\.(Errorf|Fatalf|Run)\(|\brequire\.\w+\(", RegexOptions.CultureInvariant)]
    private static partial Regex TestContent();

    /// <summary>Whether a path is a test file.</summary>
    public static bool IsTestPath(string path) => TestPath().IsMatch(path);

    /// <summary>The kind of the file at <paramref name="path"/> (when known) holding <paramref name="hunkText"/>.</summary>
    public static string Of(string? path, string hunkText)
    {
        if (path is not null)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (IsTestPath(path))
            {
                return "test";
            }
            if (extension is ".md" or ".rst" or ".txt" or ".adoc")
            {
                return "doc";
            }
            if (extension is ".json" or ".yaml" or ".yml" or ".toml" or ".xml" or ".ini" or ".cfg" or ".properties" or ".gradle" or ".lock" or ".mod" or ".sum")
            {
                return "config";
            }
        }
        return TestContent().IsMatch(hunkText) ? "test" : "code";
    }
}
