using System.Globalization;

namespace Relearn.Core.Monitoring;

/// <summary>Which predictions a drift check compares with the reference: a time span back from now, the last N, or a file.</summary>
public sealed record MonitorWindow
{
    /// <summary>Window when none is named: the last 24 hours.</summary>
    public static readonly MonitorWindow Default = Since(TimeSpan.FromHours(24));

    /// <summary>Predictions made within this span before now.</summary>
    public TimeSpan? Span { get; private init; }

    /// <summary>The newest N predictions.</summary>
    public int? Last { get; private init; }

    /// <summary>A table file (CSV, JSON Lines, Parquet) instead of the prediction log.</summary>
    public string? CurrentFile { get; private init; }

    /// <summary>Predictions of the last <paramref name="span"/>.</summary>
    public static MonitorWindow Since(TimeSpan span) =>
        span > TimeSpan.Zero ? new() { Span = span } : throw RelearnException.Invalid("the window must be longer than zero");

    /// <summary>The newest <paramref name="count"/> predictions.</summary>
    public static MonitorWindow LastPredictions(int count) =>
        count > 0 ? new() { Last = count } : throw RelearnException.Invalid("--last must be a positive number of predictions");

    /// <summary>The rows of a table file.</summary>
    public static MonitorWindow File(string path) => new() { CurrentFile = path };

    /// <summary>Reads <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c> (or a bare number of hours).</summary>
    public static TimeSpan ParseSpan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 'h';
        var digits = char.IsLetter(text.Length > 0 ? text[^1] : '0') ? text[..^1] : text;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || !double.IsFinite(value))
        {
            throw RelearnException.Invalid($"'{text}' is not a window; use e.g. 30m, 24h, 7d");
        }
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            'w' => TimeSpan.FromDays(7 * value),
            _ => throw RelearnException.Invalid($"'{text}' is not a window; use e.g. 30m, 24h, 7d"),
        };
    }

    /// <summary>How the window is shown in reports.</summary>
    public override string ToString() =>
        CurrentFile is { } file ? $"file {System.IO.Path.GetFileName(file)}"
        : Last is { } n ? string.Create(CultureInfo.InvariantCulture, $"last {n} predictions")
        : string.Create(CultureInfo.InvariantCulture, $"last {Span!.Value.TotalHours:0.##} h");
}
