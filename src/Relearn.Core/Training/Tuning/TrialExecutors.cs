using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Core.Training.Tuning;

/// <summary>A trial dispatcher known by name (<c>relearn train issue-close --executor NAME</c>), created when a study asks for it.</summary>
/// <param name="Name">The name studies ask for.</param>
/// <param name="Create">Makes the dispatcher; may throw one line saying what it needs (e.g. a PostgreSQL store).</param>
public sealed record NamedTrialDispatcher(string Name, Func<IServiceProvider, ITrialDispatcher> Create);

/// <summary>
/// Where the trials of a study run, by name: <see cref="InProcess"/> (the caller runs the <see cref="Study"/> itself,
/// <see cref="StudyOptions.Parallelism"/> at a time) or a dispatcher a provider registers with
/// <see cref="TrialExecutorServiceCollectionExtensions.AddTrialDispatcher"/> (Relearn.Postgres adds <c>hangfire</c>:
/// trials as jobs for <c>relearn worker</c> processes sharing the trial history through the store).
/// </summary>
public sealed class TrialExecutors(IServiceProvider services, IEnumerable<NamedTrialDispatcher> dispatchers)
{
    /// <summary>Trials run in this process.</summary>
    public const string InProcess = "in-process";

    private readonly Dictionary<string, NamedTrialDispatcher> _byName =
        dispatchers.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Knows only <see cref="InProcess"/>: for a training built without a service provider.</summary>
    public static TrialExecutors InProcessOnly { get; } = new(new NoServices(), []);

    /// <summary>The known names: <see cref="InProcess"/>, then the registered dispatchers.</summary>
    public IReadOnlyList<string> Names => [InProcess, .. _byName.Keys.Where(k => k != InProcess)];

    /// <summary>
    /// Null for <see cref="InProcess"/> (run the study here); otherwise a <see cref="DistributedStudy"/> whose trials the
    /// dispatcher called <paramref name="name"/> enqueues. One line listing the known names when there is none.
    /// </summary>
    public DistributedStudy? StudyFor(string name)
    {
        if (name == InProcess)
        {
            return null;
        }
        if (!_byName.TryGetValue(name, out var dispatcher))
        {
            throw RelearnException.Invalid($"unknown executor '{name}' for trials (known: {string.Join(", ", Names)})");
        }
        var created = dispatcher.Create(services);
        return new DistributedStudy(services.GetRequiredService<IStudyStore>(), created, services.GetRequiredService<TimeProvider>());
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Registers trial dispatchers by name.</summary>
public static class TrialExecutorServiceCollectionExtensions
{
    /// <summary>Adds a trial dispatcher studies can ask for by <paramref name="name"/>.</summary>
    public static IServiceCollection AddTrialDispatcher(this IServiceCollection services, string name, Func<IServiceProvider, ITrialDispatcher> create)
    {
        services.AddSingleton(new NamedTrialDispatcher(name, create));
        return services;
    }
}
