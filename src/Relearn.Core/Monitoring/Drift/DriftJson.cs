using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// JSON for drift reports: Relearn's defaults, plus infinities written as <c>"Infinity"</c> (chi-square is infinite
/// when the current data holds a category the reference never had, as in scipy).
/// </summary>
public static class DriftJson
{
    /// <summary>Indented, for the CLI and files.</summary>
    public static readonly JsonSerializerOptions Indented = new(JsonDefaults.Indented) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Compact, for the wire and the store.</summary>
    public static readonly JsonSerializerOptions Compact = new(JsonDefaults.Compact) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
