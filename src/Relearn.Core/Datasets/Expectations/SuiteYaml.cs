using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// YAML to JSON nodes with YAML 1.2 core-schema scalars: plain <c>null</c>/<c>~</c>/empty is null, plain
/// <c>true</c>/<c>false</c> a boolean, a plain number a number (a double, so every number argument reads one way), anything quoted a string — so <c>mostly: 0.9</c> and
/// <c>value_set: ["1", 2]</c> keep the types GE would see in its JSON suites.
/// </summary>
internal static class SuiteYaml
{
    public static JsonNode? Read(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw RelearnException.Invalid($"{source}: not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }
        try
        {
            return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException)
        {
            throw RelearnException.Invalid($"{source}: a key is repeated or is not a plain name: {e.Message}", e);
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
