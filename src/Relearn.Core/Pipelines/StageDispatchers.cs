using Microsoft.Extensions.DependencyInjection;

namespace Relearn.Core.Pipelines;

/// <summary>A stage dispatcher known by name (<c>relearn pipeline run --executor NAME</c>), created when a run asks for it.</summary>
/// <param name="Name">The name runs ask for.</param>
/// <param name="Create">Makes the dispatcher; may throw one line saying what it needs (e.g. a PostgreSQL store).</param>
public sealed record NamedStageDispatcher(string Name, Func<IServiceProvider, IStageDispatcher> Create);

/// <summary>
/// The places stages can run, by name: <see cref="InProcess"/> (registered by Core) and whatever the providers add
/// with <see cref="PipelineServiceCollectionExtensions.AddStageDispatcher"/> (Relearn.Postgres adds <c>hangfire</c>:
/// stages as jobs for <c>relearn worker</c> processes). Callers pick one by name instead of knowing the types.
/// </summary>
public sealed class StageDispatchers(IServiceProvider services, IEnumerable<NamedStageDispatcher> dispatchers)
{
    /// <summary>Stages run in this process.</summary>
    public const string InProcess = "in-process";

    private readonly Dictionary<string, NamedStageDispatcher> _byName =
        dispatchers.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The known names, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys];

    /// <summary>The dispatcher called <paramref name="name"/>; one line listing the known names when there is none.</summary>
    public IStageDispatcher Get(string name) => _byName.TryGetValue(name, out var dispatcher)
        ? dispatcher.Create(services)
        : throw RelearnException.Invalid($"unknown executor '{name}' for stages (known: {string.Join(", ", Names)})");

    /// <summary>An executor whose stages go to the dispatcher called <paramref name="name"/>; resolved before anything is stored.</summary>
    public PipelineExecutor ExecutorFor(string name) => ActivatorUtilities.CreateInstance<PipelineExecutor>(services, Get(name));
}
