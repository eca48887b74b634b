using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Definition;
using YamlDotNet.RepresentationModel;

namespace Relearn.Core.Rollout;

/// <summary>
/// The pipeline a retraining runs: the model's own, with the feedback file added to one stage's inputs. Inputs are read
/// from the project folder, so the retraining gets a folder of its own holding copies of the pipeline's input files and
/// the feedback file; the pipeline's name, stages and params stay as they are.
/// </summary>
public static class RetrainWorkspace
{
    /// <summary>
    /// A copy of <paramref name="source"/> rooted at <paramref name="workspace"/> whose <paramref name="stage"/> also reads
    /// <paramref name="extraInput"/>. Input paths are resolved with the run's <paramref name="overrides"/> over the
    /// pipeline's params: a policy that points an input param at another file gets that file copied, not the default.
    /// </summary>
    public static PipelineSource WithExtraInput(PipelineSource source, PipelineDefinition definition, IReadOnlyDictionary<string, string> overrides, string stage,
        string workspace, string extraInput)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(overrides);
        var parameters = new Dictionary<string, string>(definition.Params, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }
        foreach (var input in definition.Stages.SelectMany(s => s.Inputs).Distinct(StringComparer.Ordinal))
        {
            var path = Template.Resolve(input, parameters, (_, _) => input);
            var from = Path.GetFullPath(Path.Combine(source.ProjectFolder, path));
            var to = Path.GetFullPath(Path.Combine(workspace, path));
            if (File.Exists(from) && to.StartsWith(Path.GetFullPath(workspace) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
            }
        }
        var yaml = new YamlStream();
        using (var reader = new StringReader(source.Yaml))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var stages = (YamlMappingNode)root.Children[new YamlScalarNode("stages")];
        var target = (YamlMappingNode)stages.Children[new YamlScalarNode(stage)];
        if (!target.Children.TryGetValue(new YamlScalarNode("inputs"), out var inputs))
        {
            inputs = new YamlSequenceNode();
            target.Add("inputs", inputs);
        }
        ((YamlSequenceNode)inputs).Add(new YamlScalarNode(extraInput.Replace('\\', '/')));
        using var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        return new PipelineSource(writer.ToString(), workspace, $"{source.Origin} (retraining)");
    }
}
