using Relearn.Core.Datasets;
using Relearn.Core.Metadata;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests;

/// <summary>Small builders for test data and throw-away stores.</summary>
internal static class Some
{
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static string Yelp => Sample("yelp_labelled.txt");

    public static string Amazon => Sample("amazon_cells_labelled.txt");

    /// <summary>The expectation suite shipped with the sentiment samples (samples/sentiment/expectations.yaml).</summary>
    public static string SentimentSuite => Sample("expectations.yaml");

    public static TempFolder Folder() => new();

    public static SqliteMetadataStore Store(TempFolder folder) => new(Path.Combine(folder.Path, "relearn.db"), TimeProvider.System);

    public static LocalArtifactStore Artifacts(TempFolder folder) => new(Path.Combine(folder.Path, "artifacts"));

    public static LabelledText Text(string text, bool label) => new() { Text = text, Label = label };

    public static string File(TempFolder folder, string name, string content)
    {
        var path = Path.Combine(folder.Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }
}

/// <summary>A folder deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("relearn-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
