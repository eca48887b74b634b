namespace Relearn.Core.Models;

/// <summary>The model tasks this process knows, by name.</summary>
public sealed class ModelTaskCatalog(IEnumerable<IModelTask> tasks)
{
    private readonly Dictionary<string, IModelTask> _tasks = tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The task with this name, or null when this build does not know it.</summary>
    public IModelTask? Find(string name) => _tasks.GetValueOrDefault(name);

    /// <summary>The task with this name; an error when this build does not know it.</summary>
    public IModelTask Get(string name) =>
        _tasks.TryGetValue(name, out var task) ? task : throw RelearnException.Invalid($"this relearn does not know the model task '{name}'");
}
