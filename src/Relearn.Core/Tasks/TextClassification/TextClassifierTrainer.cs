using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Text;
using Relearn.Core.Datasets;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// Fits TF-IDF word + character n-grams and a binary trainer with ML.NET, or a logistic regression on sentence embeddings
/// (+ lexicon scores).
/// </summary>
public static class TextClassifierTrainer
{
    /// <summary>Trains on <paramref name="rows"/>; deterministic for the same rows and options.</summary>
    public static TextClassifier Train(IReadOnlyList<LabelledText> rows, TextClassificationOptions options) => Train(rows, options, null);

    /// <summary>Trains, taking embedding features from <paramref name="features"/> when given (each text is embedded once).</summary>
    internal static TextClassifier Train(IReadOnlyList<LabelledText> rows, TextClassificationOptions options, EmbeddingFeatures? features)
    {
        options.Validate();
        return options.Featurizer switch
        {
            TextFeaturizer.TfIdf => TrainTfIdf(rows, options),
            TextFeaturizer.Embeddings => new TextClassifier(TrainEmbeddings(rows, options, features ?? new EmbeddingFeatures(options.LexiconFeatures)), options.Classes),
            _ => throw RelearnException.Invalid("featurizer auto is resolved by the training (leave-one-domain-out selection), not by the trainer"),
        };
    }

    /// <summary>L-BFGS logistic regression (ML.NET, one thread: deterministic) on the embedding features, kept as plain weights.</summary>
    internal static EmbeddingScorer TrainEmbeddings(IReadOnlyList<LabelledText> rows, TextClassificationOptions options, EmbeddingFeatures features)
    {
        if (features.Lexicon != options.LexiconFeatures)
        {
            throw new ArgumentException("the feature cache was built with another lexicon setting", nameof(features));
        }
        var x = features.Of(rows.Select(r => r.Text).ToList());
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features.Length);
        var data = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new FeatureRow { Label = r.Label, Features = x[i] }), schema);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(FeatureRow.Label),
            FeatureColumnName = nameof(FeatureRow.Features),
            L2Regularization = options.L2Regularization ?? TextClassificationOptions.DefaultEmbeddingL2,
            L1Regularization = 0,
            NumberOfThreads = 1,
        }).Fit(data).Model;
        var weights = model.SubModel.Weights.ToArray();
        return new EmbeddingScorer(features, weights, model.SubModel.Bias, (float)model.Calibrator.Slope, (float)model.Calibrator.Offset);
    }

    private sealed class FeatureRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private static TextClassifier TrainTfIdf(IReadOnlyList<LabelledText> rows, TextClassificationOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurize = ml.Transforms.Text.FeaturizeText("Features", Featurization(options), nameof(LabelledText.Text));
        IEstimator<ITransformer> trainer = options.Trainer switch
        {
            TextTrainer.Lbfgs => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(LabelledText.Label),
                FeatureColumnName = "Features",
                L2Regularization = options.L2Regularization ?? TextClassificationOptions.DefaultLbfgsL2,
                L1Regularization = 0,
                NumberOfThreads = 1,
            }),
            TextTrainer.Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(LabelledText.Label),
                FeatureColumnName = "Features",
                L2Regularization = options.L2Regularization,
                // One thread makes SDCA deterministic for a seed.
                NumberOfThreads = 1,
            }),
            TextTrainer.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = nameof(LabelledText.Label),
                FeatureColumnName = "Features",
                NumberOfIterations = options.Iterations,
                NumberOfLeaves = options.Leaves,
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = 5,
                Seed = options.Seed,
                NumberOfThreads = 1,
                Silent = true,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        var model = featurize.Append(trainer).Fit(data);
        return new TextClassifier(new TfIdfScorer(ml, model, data.Schema), options.Classes);
    }

    private static TextFeaturizingEstimator.Options Featurization(TextClassificationOptions options) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = true,
        KeepNumbers = true,
        WordFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = options.WordNgrams,
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        CharFeatureExtractor = options.CharNgrams < 2 ? null : new WordBagEstimator.Options
        {
            NgramLength = options.CharNgrams,
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };
}
