namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>Languages as CodeReviewer names them, from its <c>lang</c> field or a file extension.</summary>
public static class Languages
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["go"] = "go", ["py"] = "py", ["rb"] = "rb", ["c"] = "c", ["h"] = "c", ["cc"] = "cpp", ["cpp"] = "cpp", ["cxx"] = "cpp",
        ["hpp"] = "cpp", ["hh"] = "cpp", ["js"] = "js", ["jsx"] = "js", ["ts"] = "js", ["tsx"] = "js", ["mjs"] = "js",
        ["cs"] = "cs", ["java"] = "java", ["kt"] = "java", ["php"] = "php",
    };

    /// <summary>The normalized language, or <c>unknown</c>: an unknown language still gets a score.</summary>
    public static string Normalize(string? lang, string? path)
    {
        var value = lang?.Trim().TrimStart('.').ToLowerInvariant();
        if (!string.IsNullOrEmpty(value))
        {
            return ByExtension.TryGetValue(value, out var known) ? known : value;
        }
        var extension = path is null ? "" : System.IO.Path.GetExtension(path).TrimStart('.');
        return ByExtension.TryGetValue(extension, out var guessed) ? guessed : "unknown";
    }
}
