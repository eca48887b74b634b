namespace Relearn.Core.Pipelines.Steps;

/// <summary>The registered steps by name (every <see cref="IPipelineStep"/> in DI).</summary>
public sealed class PipelineStepCatalog(IEnumerable<IPipelineStep> steps)
{
    private readonly Dictionary<string, IPipelineStep> _steps = steps.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Names of every step, sorted.</summary>
    public IReadOnlyList<string> Names => _steps.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The step called <paramref name="name"/>, or null.</summary>
    public IPipelineStep? Find(string name) => _steps.GetValueOrDefault(name);

    /// <summary>The step called <paramref name="name"/>; throws when unknown.</summary>
    public IPipelineStep Get(string name) => Find(name) ?? throw RelearnException.Invalid($"unknown step '{name}'");
}
