using System.Globalization;
using System.Text.RegularExpressions;

namespace Relearn.Core.Registry;

/// <summary>A model named as <c>name</c>, <c>name@alias</c> or <c>name:version</c>.</summary>
public sealed partial record ModelReference(string Name, string? Alias, int? Version)
{
    /// <summary>Parses a reference; a bad one is an invalid-input error.</summary>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = at >= 0 ? text[..at] : colon >= 0 ? text[..colon] : text;
        RequireName(name, "model name");
        if (at >= 0)
        {
            var alias = text[(at + 1)..];
            RequireName(alias, "alias");
            return new ModelReference(name, alias, null);
        }
        if (colon >= 0)
        {
            return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
                ? new ModelReference(name, null, version)
                : throw RelearnException.Invalid($"'{text}': a version is a positive whole number, as in {name}:3");
        }
        return new ModelReference(name, null, null);
    }

    /// <summary>Throws unless <paramref name="value"/> is a valid model or alias name.</summary>
    public static string RequireName(string? value, string what) =>
        value is not null && NamePattern().IsMatch(value)
            ? value
            : throw RelearnException.Invalid($"'{value}' is not a valid {what}: use letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)");

    /// <inheritdoc />
    public override string ToString() =>
        Alias is not null ? $"{Name}@{Alias}" : Version is not null ? string.Create(CultureInfo.InvariantCulture, $"{Name}:{Version}") : Name;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
