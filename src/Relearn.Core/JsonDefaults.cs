using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relearn.Core;

/// <summary>The JSON settings Relearn writes with: snake_case, enums as strings.</summary>
public static class JsonDefaults
{
    /// <summary>Compact, for logs and the wire.</summary>
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    /// <summary>Indented, for files people read.</summary>
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
