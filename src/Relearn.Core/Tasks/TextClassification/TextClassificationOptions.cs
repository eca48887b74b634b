using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>Which ML.NET trainer fits the classifier on TF-IDF features.</summary>
public enum TextTrainer
{
    /// <summary>L-BFGS logistic regression with L2 (default 0.1): the best of the three across domains on the samples.</summary>
    Lbfgs,
    /// <summary>SDCA logistic regression: fast, calibrated, strong on sparse text.</summary>
    Sdca,
    /// <summary>LightGBM gradient-boosted trees.</summary>
    LightGbm,
}

/// <summary>Parameters of a text-classification training; every one is logged as a run parameter.</summary>
public sealed record TextClassificationOptions
{
    /// <summary>The trainer.</summary>
    public TextTrainer Trainer { get; init; } = TextTrainer.Lbfgs;

    /// <summary>Seed for the split and the trainer.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of each class held out for evaluation.</summary>
    [Range(0.05, 0.5)]
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Longest word n-gram (all shorter lengths are included).</summary>
    [Range(1, 3)]
    public int WordNgrams { get; init; } = 2;

    /// <summary>Longest character n-gram (all shorter lengths from 2 up are included).</summary>
    [Range(0, 6)]
    public int CharNgrams { get; init; } = 5;

    /// <summary>L2 regularization of the linear trainers; null means 0.1 for L-BFGS and ML.NET's own choice for SDCA.</summary>
    public float? L2Regularization { get; init; }

    /// <summary>L2 of L-BFGS when none is given (chosen on yelp→amazon and amazon→yelp accuracy).</summary>
    public const float DefaultLbfgsL2 = 0.1f;

    /// <summary>LightGBM boosting rounds.</summary>
    [Range(10, 5000)]
    public int Iterations { get; init; } = 300;

    /// <summary>LightGBM leaves per tree.</summary>
    [Range(2, 1024)]
    public int Leaves { get; init; } = 16;

    /// <summary>LightGBM learning rate.</summary>
    [Range(0.001, 1.0)]
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Names of the negative and positive class, e.g. <c>negative</c>, <c>positive</c>.</summary>
    public IReadOnlyList<string> Classes { get; init; } = ["negative", "positive"];

    /// <summary>The parameters as run params.</summary>
    public IReadOnlyDictionary<string, string> ToParams()
    {
        var p = new Dictionary<string, string>
        {
            ["trainer"] = Trainer.ToString().ToLowerInvariant(),
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["test_fraction"] = TestFraction.ToString(CultureInfo.InvariantCulture),
            ["word_ngrams"] = WordNgrams.ToString(CultureInfo.InvariantCulture),
            ["char_ngrams"] = CharNgrams.ToString(CultureInfo.InvariantCulture),
            ["classes"] = string.Join(',', Classes),
        };
        if (Trainer == TextTrainer.Lbfgs)
        {
            p["l2"] = (L2Regularization ?? DefaultLbfgsL2).ToString(CultureInfo.InvariantCulture);
        }
        if (Trainer == TextTrainer.Sdca && L2Regularization is { } l2)
        {
            p["l2"] = l2.ToString(CultureInfo.InvariantCulture);
        }
        if (Trainer == TextTrainer.LightGbm)
        {
            p["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture);
            p["leaves"] = Leaves.ToString(CultureInfo.InvariantCulture);
            p["learning_rate"] = LearningRate.ToString(CultureInfo.InvariantCulture);
        }
        return p;
    }

    /// <summary>Throws a one-line error for the first invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw RelearnException.Invalid(results[0].ErrorMessage ?? "invalid training option");
        }
        if (Classes.Count != 2 || Classes.Any(string.IsNullOrWhiteSpace) || Classes[0] == Classes[1])
        {
            throw RelearnException.Invalid("classes must be two different names: negative,positive");
        }
    }
}
