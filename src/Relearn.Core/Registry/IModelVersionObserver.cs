namespace Relearn.Core.Registry;

/// <summary>
/// Told about each version right after it is registered (monitoring builds its reference profile here). An observer
/// must not fail registration: it catches and logs its own errors.
/// </summary>
public interface IModelVersionObserver
{
    /// <summary>Called once the version is stored.</summary>
    Task OnRegisteredAsync(ModelVersion version, CancellationToken cancellationToken = default);
}
