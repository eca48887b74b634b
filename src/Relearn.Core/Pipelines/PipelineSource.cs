using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Pipelines;

/// <summary>A pipeline's text and the folder its relative paths are read from.</summary>
public sealed record PipelineSource(string Yaml, string ProjectFolder, string Origin)
{
    /// <summary>SHA-256 of the text: the definition digest a run records.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Yaml)));

    /// <summary>Parses the text (syntax only; see <see cref="PipelineValidator"/>).</summary>
    public PipelineDefinition Parse() => PipelineYaml.Parse(Yaml, Origin);

    /// <summary>A pipeline file; its folder is the project folder.</summary>
    public static PipelineSource FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw RelearnException.NotFound($"pipeline file {path} does not exist");
        }
        return new PipelineSource(File.ReadAllText(full), Path.GetDirectoryName(full)!, Path.GetFileName(full));
    }
}

/// <summary>
/// A pipeline shipped inside an assembly as an embedded YAML resource, run by name (<c>relearn pipeline run sentiment</c>);
/// its relative paths are read from the application folder, where the samples are copied.
/// </summary>
public sealed record BuiltInPipeline(string Name, Assembly Assembly, string Resource)
{
    /// <summary>The pipeline's text and folder.</summary>
    public PipelineSource Load()
    {
        using var stream = Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"built-in pipeline resource {Resource} is missing from {Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return new PipelineSource(reader.ReadToEnd(), AppContext.BaseDirectory, $"pipeline {Name}");
    }
}
