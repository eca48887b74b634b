using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>One expectation as configured: its Great Expectations type name and its keyword arguments.</summary>
/// <param name="Index">Position in the suite, from 1 (named in error messages).</param>
/// <param name="Type">The expectation type, e.g. <c>expect_column_values_to_not_be_null</c>.</param>
/// <param name="Kwargs">The arguments as written (checked against the expectation's known keys when the suite loads).</param>
public sealed record ExpectationConfiguration(int Index, string Type, JsonObject Kwargs)
{
    /// <summary>GE's <c>expectation_config</c> shape: <c>{"expectation_type", "kwargs"}</c>.</summary>
    public JsonObject ToJson() => new() { ["expectation_type"] = Type, ["kwargs"] = Kwargs.DeepClone() };
}

/// <summary>
/// An expectation suite as Great Expectations writes it (<c>expectation_suite_name</c> and a list of
/// <c>expectations</c>, each an <c>expectation_type</c> with <c>kwargs</c>), read from YAML (JSON is YAML too, so GE's
/// own suite files load as they are). Every expectation's type and arguments are checked on load, so a suite that
/// loads runs.
/// </summary>
public sealed record ExpectationSuite(string Name, IReadOnlyList<ExpectationConfiguration> Expectations)
{
    /// <summary>Reads and checks a suite file; one line naming the file, expectation and key when it is wrong.</summary>
    public static ExpectationSuite Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"no such suite file: {path}");
        }
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Parses and checks suite text; <paramref name="source"/> names it in errors.</summary>
    public static ExpectationSuite Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = SuiteYaml.Read(text, source) as JsonObject
            ?? throw RelearnException.Invalid($"{source}: a suite is a mapping with expectation_suite_name and expectations");
        foreach (var key in root.Select(p => p.Key))
        {
            if (key is not ("expectation_suite_name" or "name" or "expectations" or "meta" or "data_asset_type" or "ge_cloud_id" or "id" or "notes"))
            {
                throw RelearnException.Invalid($"{source}: unknown key '{key}' (a suite has expectation_suite_name and expectations)");
            }
        }
        var name = (root["expectation_suite_name"] ?? root["name"]) is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s : Path.GetFileNameWithoutExtension(source);
        if (root["expectations"] is not JsonArray list)
        {
            throw RelearnException.Invalid($"{source}: expectations must be a list of {{expectation_type, kwargs}}");
        }
        var expectations = new List<ExpectationConfiguration>();
        for (var i = 0; i < list.Count; i++)
        {
            expectations.Add(ParseOne(list[i], i + 1, source));
        }
        return new ExpectationSuite(name, expectations);
    }

    private static ExpectationConfiguration ParseOne(JsonNode? node, int index, string source)
    {
        if (node is not JsonObject item)
        {
            throw RelearnException.Invalid($"{source}: expectation {index} must be a mapping with expectation_type and kwargs");
        }
        // GE 0.x writes expectation_type, GE 1.x type.
        var type = (item["expectation_type"] ?? item["type"]) is JsonValue t && t.TryGetValue<string>(out var name) ? name
            : throw RelearnException.Invalid($"{source}: expectation {index} has no expectation_type");
        foreach (var key in item.Select(p => p.Key))
        {
            if (key is not ("expectation_type" or "type" or "kwargs" or "meta" or "id" or "rendered_content" or "notes"))
            {
                throw RelearnException.Invalid($"{source}: expectation {index} ({type}): unknown key '{key}' (arguments go under kwargs)");
            }
        }
        var kwargs = item["kwargs"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw RelearnException.Invalid($"{source}: expectation {index} ({type}): kwargs must be a mapping"),
        };
        var configuration = new ExpectationConfiguration(index, type, kwargs);
        ExpectationCatalog.Check(configuration, source);
        return configuration;
    }
}
