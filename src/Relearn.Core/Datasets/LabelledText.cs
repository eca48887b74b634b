namespace Relearn.Core.Datasets;

/// <summary>One labelled sentence: the row type of text-classification datasets (binary: label true = positive class).</summary>
public sealed class LabelledText
{
    /// <summary>The text.</summary>
    public string Text { get; set; } = "";

    /// <summary>True for the positive class.</summary>
    public bool Label { get; set; }
}
