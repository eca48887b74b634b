using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Relearn.Core.Tests.Monitoring;

/// <summary>Loads the committed reference values (see Monitoring/ReferenceValues/SOURCE.txt).</summary>
internal static class ReferenceValues
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static JsonNode Statistics { get; } = Load("statistics-reference.json");

    public static JsonNode Drift { get; } = Load("drift-reference-values.json");

    public static double[] Doubles(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    public static string[] Strings(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

    public static double Number(JsonNode? node) => node!.GetValueKind() == JsonValueKind.String
        ? double.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
        : node.GetValue<double>();

    private static JsonNode Load(string file)
    {
        // Python's json writes Infinity as a bare token; read it as a string-free number.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Monitoring", "ReferenceValues", file))
            .Replace(": Infinity", ": \"Infinity\"", StringComparison.Ordinal);
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions())!;
    }

    public static JsonSerializerOptions NumberOptions => Options;
}
