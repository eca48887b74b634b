using Microsoft.Extensions.Options;
using Relearn.Core.Pipelines.Scheduling;

namespace Relearn.Core.Pipelines;

/// <summary>
/// Finds pipelines by name: the built-ins registered in DI and the pipeline files configured in
/// <c>Relearn:Pipelines:Files</c> (<c>relearn serve --pipeline FILE</c>), known by the <c>name:</c> inside them.
/// A file's pipeline wins over a built-in of the same name.
/// </summary>
public sealed class PipelineCatalog(IEnumerable<BuiltInPipeline> builtIns, IOptions<PipelineSchedulerOptions> options)
{
    /// <summary>Names of the built-in pipelines.</summary>
    public IReadOnlyList<string> Names => builtIns.Select(b => b.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Every known pipeline by name, files read now (so an edited file is picked up); a file that is missing or does
    /// not parse throws one line naming it.
    /// </summary>
    public IReadOnlyDictionary<string, PipelineSource> All()
    {
        var all = new SortedDictionary<string, PipelineSource>(StringComparer.Ordinal);
        foreach (var builtIn in builtIns)
        {
            all[builtIn.Name] = builtIn.Load();
        }
        foreach (var file in options.Value.Files)
        {
            var source = PipelineSource.FromFile(file);
            all[source.Parse().Name] = source;
        }
        return all;
    }

    /// <summary>The pipeline named <paramref name="name"/>, or the file <paramref name="file"/>; exactly one must be given.</summary>
    public PipelineSource Resolve(string? name, string? file)
    {
        if ((name is null) == (file is null))
        {
            throw RelearnException.Invalid("give a pipeline NAME or --file relearn.yaml");
        }
        if (file is not null)
        {
            return PipelineSource.FromFile(file);
        }
        if (options.Value.Files.Length > 0 && All().TryGetValue(name!, out var known))
        {
            return known;
        }
        var builtIn = builtIns.LastOrDefault(b => b.Name == name)
            ?? throw RelearnException.NotFound($"no pipeline named '{name}' (known: {string.Join(", ", options.Value.Files.Length > 0 ? All().Keys : Names)}); use --file for a pipeline file");
        return builtIn.Load();
    }
}
