using System.Text.RegularExpressions;

namespace Relearn.Core.Pipelines.Definition;

/// <summary>A <c>${params.NAME}</c> or <c>${stages.STAGE.outputs.OUTPUT}</c> reference inside a value.</summary>
public sealed record TemplateReference(string Text, string? Param, string? Stage, string? Output);

/// <summary>Finds and substitutes references in stage values. Anything else between <c>${</c> and <c>}</c> is an error.</summary>
public static partial class Template
{
    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\s*params\.([A-Za-z0-9_-]+)\s*$")]
    private static partial Regex ParamReference();

    [GeneratedRegex(@"^\s*stages\.([A-Za-z0-9_-]+)\.outputs\.(.+?)\s*$")]
    private static partial Regex OutputReference();

    /// <summary>Every reference in <paramref name="value"/>; a malformed one has neither param nor stage.</summary>
    public static IEnumerable<TemplateReference> References(string value) =>
        Reference().Matches(value).Select(m =>
        {
            if (ParamReference().Match(m.Groups[1].Value) is { Success: true } p)
            {
                return new TemplateReference(m.Value, p.Groups[1].Value, null, null);
            }
            return OutputReference().Match(m.Groups[1].Value) is { Success: true } o
                ? new TemplateReference(m.Value, null, o.Groups[1].Value, o.Groups[2].Value)
                : new TemplateReference(m.Value, null, null, null);
        });

    /// <summary>The params <paramref name="values"/> reference, by name.</summary>
    public static IEnumerable<string> ParamsIn(IEnumerable<string> values) =>
        values.SelectMany(References).Where(r => r.Param is not null).Select(r => r.Param!).Distinct(StringComparer.Ordinal);

    /// <summary>Substitutes every reference; <paramref name="output"/> answers (stage, output) with its value.</summary>
    public static string Resolve(string value, IReadOnlyDictionary<string, string> parameters, Func<string, string, string> output) =>
        Reference().Replace(value, m =>
        {
            var reference = References(m.Value).Single();
            if (reference.Param is { } name)
            {
                return parameters.TryGetValue(name, out var v) ? v : throw RelearnException.Invalid($"undefined param '{name}'");
            }
            return reference.Stage is { } stage ? output(stage, reference.Output!) : throw RelearnException.Invalid($"bad reference {m.Value}");
        });
}
