using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Relearn.Core.Models;
using Relearn.Core.Training.Evaluation;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>A trained issue-close model: probability that an issue is closed within 7 days of being opened. Thread-safe.</summary>
public sealed class IssueCloseModel
{
    /// <summary>Task name in manifests and the registry.</summary>
    public const string TaskName = "issue-close";

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly ObjectPool<PredictionEngine<IssueRow, IssueScore>> _engines;

    private IssueCloseModel(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }.Create(new EnginePolicy(ml, model));
    }

    /// <summary>The manifest stored with the model.</summary>
    public static ModelManifest Manifest => new(TaskName, ["open-after-7-days", "closed-within-7-days"],
        "github issue object at open: title, body, user.login, author_association, created_at",
        "probability:double,label:string");

    /// <summary>Trains on labelled examples: fits the featurizer, then the trees.</summary>
    public static IssueCloseModel Train(IReadOnlyList<IssueCloseExample> examples, IssueCloseParameters parameters)
    {
        var featurizer = IssueCloseFeaturizer.Fit(examples, parameters.Seed);
        return Train(featurizer, featurizer.Transform(examples), parameters);
    }

    /// <summary>Fits the trees on rows already featurized by <paramref name="featurizer"/> and chains the two.</summary>
    public static IssueCloseModel Train(IssueCloseFeaturizer featurizer, FeaturizedRows rows, IssueCloseParameters parameters)
    {
        var ml = new MLContext(parameters.Seed);
        var predictor = FitTrees(ml, rows, parameters);
        var chain = new TransformerChain<ITransformer>(featurizer.Transformer, predictor);
        return new IssueCloseModel(ml, chain, featurizer.InputSchema);
    }

    /// <summary>Fits only the LightGBM trees (what a tuning trial does).</summary>
    public static ITransformer FitTrees(MLContext ml, FeaturizedRows rows, IssueCloseParameters parameters) =>
        ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(FeaturizedRow.Label),
            FeatureColumnName = nameof(FeaturizedRow.AllFeatures),
            NumberOfIterations = parameters.Iterations,
            NumberOfLeaves = parameters.Leaves,
            LearningRate = parameters.LearningRate,
            MinimumExampleCountPerLeaf = parameters.MinExamplesPerLeaf,
            Booster = new GradientBooster.Options { FeatureFraction = parameters.FeatureFraction, L2Regularization = parameters.L2 },
            Seed = parameters.Seed,
            // One thread per model: trials run in parallel instead, and results stay deterministic.
            NumberOfThreads = 1,
            // 32 histogram bins instead of LightGBM's 255: on the shipped sample tuning took 21.9 s instead of 76.2 s and the
            // quarterly backtest AUC stayed level (0.704 ± 0.007 vs 0.699 ± 0.032); see docs/benchmarks.md.
            MaximumBinCountPerFeature = 32,
            Silent = true,
        }).Fit(rows.ToDataView(ml));

    /// <summary>Validation AUC of trees fitted on <paramref name="train"/> and scored on <paramref name="valid"/>.</summary>
    public static double ValidationAuc(FeaturizedRows train, FeaturizedRows valid, IssueCloseParameters parameters)
    {
        var ml = new MLContext(parameters.Seed);
        var trees = FitTrees(ml, train, parameters);
        var probabilities = trees.Transform(valid.ToDataView(ml)).GetColumn<float>("Probability").Select(p => (double)Clean(p)).ToList();
        return BinaryMetrics.Compute(valid.Labels, probabilities)["auc"];
    }

    /// <summary>Probability that the issue is closed within 7 days.</summary>
    public double Predict(IssueCloseExample issue)
    {
        var engine = _engines.Get();
        try
        {
            return Clean(engine.Predict(IssueRow.From(issue)).Probability);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>Probabilities for many issues in one pass.</summary>
    public IReadOnlyList<double> PredictBatch(IReadOnlyList<IssueCloseExample> issues) =>
        _model.Transform(_ml.Data.LoadFromEnumerable(issues.Select(IssueRow.From))).GetColumn<float>("Probability").Select(p => (double)Clean(p)).ToList();

    /// <summary>AUC, PR-AUC, log-loss and counts on labelled examples.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<IssueCloseExample> examples) =>
        BinaryMetrics.Compute(examples.Select(e => e.ClosedWithin7Days == true).ToList(), PredictBatch(examples));

    /// <summary>The model as a Relearn model package.</summary>
    public byte[] ToPackage()
    {
        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, _schema, buffer);
        return ModelPackage.Pack(Manifest, buffer.ToArray());
    }

    /// <summary>Loads a model package.</summary>
    public static IssueCloseModel FromPackage(byte[] package)
    {
        var (manifest, bytes) = ModelPackage.Unpack(package);
        if (manifest.Task != TaskName)
        {
            throw Core.RelearnException.Invalid($"the model is a {manifest.Task} model, not {TaskName}");
        }
        var ml = new MLContext();
        var model = ml.Model.Load(new MemoryStream(bytes), out var schema);
        return new IssueCloseModel(ml, model, schema);
    }

    private static float Clean(float p) => float.IsNaN(p) ? 0.5f : Math.Clamp(p, 0f, 1f);

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<IssueRow, IssueScore>>
    {
        public override PredictionEngine<IssueRow, IssueScore> Create() => ml.Model.CreatePredictionEngine<IssueRow, IssueScore>(model);
        public override bool Return(PredictionEngine<IssueRow, IssueScore> obj) => true;
    }

    /// <summary>ML.NET row: text and numeric features of one issue, and its label.</summary>
    public sealed class IssueRow
    {
        /// <summary>Title and body.</summary>
        public string Text { get; set; } = "";

        /// <summary>The <see cref="IssueFeatures"/> vector.</summary>
        [VectorType(IssueFeatures.Count)]
        public float[] Features { get; set; } = [];

        /// <summary>The <see cref="RepositoryHistory"/> vector at opening; missing values (NaN) when the issue came without history.</summary>
        [VectorType(RepositoryHistory.Count)]
        public float[] Context { get; set; } = [];

        /// <summary>Closed within 7 days.</summary>
        public bool Label { get; set; }

        internal static IssueRow From(IssueCloseExample e) => new()
        {
            Text = e.Title + "\n" + (e.Body.Length > 4000 ? e.Body[..4000] : e.Body),
            Features = IssueFeatures.Compute(e),
            Context = e.Context is { Length: RepositoryHistory.Count } context ? context : Missing,
            Label = e.ClosedWithin7Days == true,
        };
    }

    private static readonly float[] Missing = [.. Enumerable.Repeat(float.NaN, RepositoryHistory.Count)];

    /// <summary>ML.NET output row.</summary>
    public sealed class IssueScore
    {
        /// <summary>Calibrated probability of closing within 7 days.</summary>
        public float Probability { get; set; }
    }
}
