namespace Relearn.Core.Monitoring.Drift;

/// <summary>What a report draws for one column: shares of reference and current per bin or category, or text findings.</summary>
public sealed record ColumnPicture
{
    /// <summary>Bin or category labels, in drawing order.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Share of reference values per label.</summary>
    public IReadOnlyList<double> Reference { get; init; } = [];

    /// <summary>Share of current values per label.</summary>
    public IReadOnlyList<double> Current { get; init; } = [];

    /// <summary>Text: the words that most mark current rows.</summary>
    public IReadOnlyList<string> CurrentWords { get; init; } = [];

    /// <summary>Text: the words that most mark reference rows.</summary>
    public IReadOnlyList<string> ReferenceWords { get; init; } = [];

    /// <summary>Text: share of current tokens never seen in the reference.</summary>
    public double? OutOfVocabularyShare { get; init; }
}
