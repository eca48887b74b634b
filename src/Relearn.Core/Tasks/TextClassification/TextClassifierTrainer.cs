using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Text;
using Relearn.Core.Datasets;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>Fits TF-IDF word + character n-grams and a binary trainer with ML.NET.</summary>
public static class TextClassifierTrainer
{
    /// <summary>Trains on <paramref name="rows"/>; deterministic for the same rows and options.</summary>
    public static TextClassifier Train(IReadOnlyList<LabelledText> rows, TextClassificationOptions options)
    {
        options.Validate();
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
        return new TextClassifier(ml, model, data.Schema, options.Classes);
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
