using System.Globalization;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>Typed reads of step arguments, failing with one line naming the stage and argument.</summary>
public static class StepArguments
{
    /// <summary>An integer argument, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(this StepContext context, string name, int fallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.OptionalArg(name) is not { } text ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw RelearnException.Invalid($"stage {context.Stage.Name}: {name} '{text}' is not an integer");
    }

    /// <summary>A number argument, or <paramref name="fallback"/> when absent.</summary>
    public static double Number(this StepContext context, string name, double fallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.OptionalArg(name) is not { } text ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw RelearnException.Invalid($"stage {context.Stage.Name}: {name} '{text}' is not a number");
    }

    /// <summary>A true/false argument, or <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(this StepContext context, string name, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.OptionalArg(name) is not { } text ? fallback
            : bool.TryParse(text, out var value) ? value
            : throw RelearnException.Invalid($"stage {context.Stage.Name}: {name} '{text}' is not true or false");
    }

    /// <summary>Data files: the comma-separated <c>data</c> argument, else the stage's inputs; resolved against the project folder.</summary>
    public static IReadOnlyList<string> DataFiles(this StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = context.OptionalArg("data") is { } data ? data.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : context.Inputs;
        return files.Count > 0 ? files.Select(context.PathArg).ToArray() : throw RelearnException.Invalid($"stage {context.Stage.Name}: no data: give inputs: or data:");
    }
}
