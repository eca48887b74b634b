using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// Turns examples into one feature vector each: the <see cref="IssueFeatures"/> plus TF-IDF words of the title
/// and body (vocabulary fitted on training rows only). Fitted once per fold and shared by every tuning trial,
/// so a trial only fits trees.
/// </summary>
public sealed class IssueCloseFeaturizer
{
    private readonly MLContext _ml;

    private IssueCloseFeaturizer(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, int dimension)
    {
        _ml = ml;
        Transformer = transformer;
        InputSchema = inputSchema;
        Dimension = dimension;
    }

    /// <summary>The fitted ML.NET transformer (examples → <c>AllFeatures</c>).</summary>
    public ITransformer Transformer { get; }

    /// <summary>Schema of the rows it reads.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Length of the feature vector.</summary>
    public int Dimension { get; }

    /// <summary>Fits the text vocabulary and weights on <paramref name="examples"/>.</summary>
    public static IssueCloseFeaturizer Fit(IReadOnlyList<IssueCloseExample> examples, int seed)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(IssueCloseModel.IssueRow.From));
        var estimator = ml.Transforms.Text.FeaturizeText("TextFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf, MaximumNgramsCount = [1000] },
                CharFeatureExtractor = null,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(IssueCloseModel.IssueRow.Text))
            .Append(ml.Transforms.Concatenate("AllFeatures", nameof(IssueCloseModel.IssueRow.Features), nameof(IssueCloseModel.IssueRow.Context), "TextFeatures"));
        var transformer = estimator.Fit(data);
        var dimension = ((VectorDataViewType)transformer.GetOutputSchema(data.Schema)["AllFeatures"].Type).Size;
        return new IssueCloseFeaturizer(ml, transformer, data.Schema, dimension);
    }

    /// <summary>Featurizes examples into in-memory rows that any thread can read.</summary>
    public FeaturizedRows Transform(IReadOnlyList<IssueCloseExample> examples)
    {
        var transformed = Transformer.Transform(_ml.Data.LoadFromEnumerable(examples.Select(IssueCloseModel.IssueRow.From)));
        // Kept sparse: most of the TF-IDF words are absent from any one issue, and LightGBM builds its bins from the
        // non-zeros — dense rows made every trial's dataset construction walk ~3,000 zeros per issue.
        var vectors = transformed.GetColumn<VBuffer<float>>("AllFeatures").Select(v =>
        {
            var copy = default(VBuffer<float>);
            v.CopyTo(ref copy);
            return copy;
        }).ToArray();
        var labels = examples.Select(e => e.ClosedWithin7Days == true).ToArray();
        return new FeaturizedRows(vectors.Zip(labels, (v, l) => new FeaturizedRow { AllFeatures = v, Label = l }).ToArray(), Dimension);
    }
}

/// <summary>Featurized rows with their vector length (needed to declare the ML.NET column type).</summary>
public sealed record FeaturizedRows(IReadOnlyList<FeaturizedRow> Rows, int Dimension)
{
    /// <summary>Labels in row order.</summary>
    public IReadOnlyList<bool> Labels => Rows.Select(r => r.Label).ToList();

    /// <summary>An IDataView over the rows for <paramref name="ml"/>.</summary>
    public IDataView ToDataView(MLContext ml)
    {
        var definition = SchemaDefinition.Create(typeof(FeaturizedRow));
        definition[nameof(FeaturizedRow.AllFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        return ml.Data.LoadFromEnumerable(Rows, definition);
    }
}

/// <summary>One featurized row.</summary>
public sealed class FeaturizedRow
{
    /// <summary>Feature vector (sparse).</summary>
    public VBuffer<float> AllFeatures { get; set; }

    /// <summary>Closed within 7 days.</summary>
    public bool Label { get; set; }
}
