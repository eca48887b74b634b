namespace Relearn.Core.Pipelines.Steps;

/// <summary>The registered steps by name and by alias (every <see cref="IPipelineStep"/> in DI).</summary>
public sealed class PipelineStepCatalog(IEnumerable<IPipelineStep> steps)
{
    // A later registration of a name wins, as before; aliases go in first so a step's own name always beats an alias.
    private readonly Dictionary<string, IPipelineStep> _steps = steps
        .SelectMany(s => s.Aliases.Select(a => (Name: a, Step: s, Alias: true)).Append((Name: s.Name, Step: s, Alias: false)))
        .OrderBy(e => !e.Alias)
        .GroupBy(e => e.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().Step, StringComparer.Ordinal);

    /// <summary>Every name a pipeline file may use (step names and their aliases), sorted.</summary>
    public IReadOnlyList<string> Names => _steps.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The step called <paramref name="name"/> (its name or an alias), or null.</summary>
    public IPipelineStep? Find(string name) => _steps.GetValueOrDefault(name);

    /// <summary>The step called <paramref name="name"/> (its name or an alias); throws when unknown.</summary>
    public IPipelineStep Get(string name) => Find(name) ?? throw RelearnException.Invalid($"unknown step '{name}'");
}
