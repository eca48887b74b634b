using Relearn.Core.Monitoring.Statistics;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Monitoring.TextDrift;

/// <summary>What the domain classifier found for one text column.</summary>
/// <param name="Auc">ROC AUC of telling current rows from reference rows on the held-out half.</param>
/// <param name="Threshold">The AUC above which the column drifted.</param>
/// <param name="CurrentWords">Words whose weight most marks current rows.</param>
/// <param name="ReferenceWords">Words whose weight most marks reference rows.</param>
/// <param name="OutOfVocabularyShare">Share of current word tokens never seen in the reference.</param>
public sealed record TextDriftResult(double Auc, double Threshold, IReadOnlyList<string> CurrentWords, IReadOnlyList<string> ReferenceWords, double OutOfVocabularyShare);

/// <summary>
/// Text drift as Evidently measures it (<c>evidently/utils/data_drift_utils.py</c>): a classifier learns to tell
/// reference rows (0) from current rows (1) on a shuffled half and is scored by ROC AUC on the other half. Evidently
/// uses TF-IDF + scikit-learn's SGDClassifier; this is TF-IDF with the same settings + logistic regression fitted by
/// seeded SGD, so AUCs are close to Evidently's, not equal. With more than 1,000 reference rows drift means
/// AUC &gt; 0.55; otherwise AUC above the 95th percentile of AUCs that random scores reach on the same labels.
/// </summary>
public static class DomainClassifier
{
    /// <summary>At most this many rows of each side are used: a bounded sample keeps the check fast on big windows.</summary>
    public const int MaxRowsPerSide = 5000;

    private const int Seed = 42;
    private const int Epochs = 15;
    private const double L2 = 1e-4;

    /// <summary>Compares two text samples.</summary>
    /// <param name="reference">Reference texts (missing already dropped).</param>
    /// <param name="current">Current texts.</param>
    /// <param name="referenceRows">Reference row count, which picks the threshold rule.</param>
    /// <param name="threshold">The AUC threshold (reference &gt; 1000) or the p-value for the random percentile (else); null for Evidently's default.</param>
    public static TextDriftResult Compare(IReadOnlyList<string> reference, IReadOnlyList<string> current, long referenceRows, double? threshold = null)
    {
        var refSample = Sample(reference);
        var curSample = Sample(current);
        var documents = refSample.Select(t => (Text: t, Label: false)).Concat(curSample.Select(t => (Text: t, Label: true))).ToArray();
        var random = new Random(Seed);
        random.Shuffle(documents);
        // scikit-learn's train_test_split(test_size=0.5) puts ceil(n/2) rows in the test half.
        var testCount = (documents.Length + 1) / 2;
        var train = documents[testCount..];
        var test = documents[..testCount];

        var vectorizer = TfIdf.Fit(train.Select(d => d.Text).ToArray());
        var weights = Fit(train.Select(d => vectorizer.Transform(d.Text)).ToArray(), train.Select(d => d.Label).ToArray(), vectorizer.Vocabulary.Count, random, out var bias);
        var scores = test.Select(d => Score(vectorizer.Transform(d.Text), weights, bias)).ToArray();
        var labels = test.Select(d => d.Label).ToArray();
        var auc = BinaryMetrics.RocAuc(labels, scores);
        if (double.IsNaN(auc))
        {
            auc = 0.5;
        }
        var applied = referenceRows > 1000 ? threshold ?? 0.55 : RandomAucPercentile(labels, threshold ?? 0.05);

        var words = vectorizer.Vocabulary.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        var ranked = Enumerable.Range(0, weights.Length).Where(i => weights[i] != 0).ToArray();
        var currentWords = ranked.Where(i => weights[i] > 0).OrderByDescending(i => weights[i]).Take(10).Select(i => words[i]).ToArray();
        var referenceWords = ranked.Where(i => weights[i] < 0).OrderBy(i => weights[i]).Take(10).Select(i => words[i]).ToArray();
        return new TextDriftResult(auc, applied, currentWords, referenceWords, OutOfVocabulary(refSample, curSample));
    }

    /// <summary>Share of current word tokens absent from every reference text.</summary>
    public static double OutOfVocabulary(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        var vocabulary = new HashSet<string>(reference.SelectMany(Tokenizer.Words), StringComparer.Ordinal);
        long total = 0, unseen = 0;
        foreach (var word in current.SelectMany(Tokenizer.Words))
        {
            total++;
            if (!vocabulary.Contains(word))
            {
                unseen++;
            }
        }
        return total == 0 ? 0 : (double)unseen / total;
    }

    /// <summary>Evidently's <c>roc_auc_random_classifier_percentile</c>: the (1 − p) percentile of 1,000 random classifiers' AUCs.</summary>
    private static double RandomAucPercentile(bool[] labels, double pValue)
    {
        var random = new Random(Seed);
        var aucs = new double[1000];
        var scores = new double[labels.Length];
        for (var k = 0; k < aucs.Length; k++)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = random.NextDouble();
            }
            aucs[k] = BinaryMetrics.RocAuc(labels, scores);
        }
        Array.Sort(aucs);
        return Descriptive.Percentile(aucs, 100 * (1 - pValue));
    }

    private static IReadOnlyList<string> Sample(IReadOnlyList<string> texts)
    {
        if (texts.Count <= MaxRowsPerSide)
        {
            return texts;
        }
        // Evenly spaced rows: deterministic and spread over the whole window.
        var step = (double)texts.Count / MaxRowsPerSide;
        return Enumerable.Range(0, MaxRowsPerSide).Select(i => texts[(int)(i * step)]).ToArray();
    }

    private static double[] Fit((int Index, double Weight)[][] rows, bool[] labels, int features, Random random, out double bias)
    {
        var weights = new double[features];
        bias = 0;
        var order = Enumerable.Range(0, rows.Length).ToArray();
        var step = 0;
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var r in order)
            {
                var rate = 0.5 / (1 + 0.01 * step++ / Math.Max(1, rows.Length));
                var p = Sigmoid(Score(rows[r], weights, bias));
                var gradient = p - (labels[r] ? 1 : 0);
                foreach (var (index, value) in rows[r])
                {
                    weights[index] -= rate * (gradient * value + L2 * weights[index]);
                }
                bias -= rate * gradient;
            }
        }
        return weights;
    }

    private static double Score((int Index, double Weight)[] row, double[] weights, double bias)
    {
        var sum = bias;
        foreach (var (index, value) in row)
        {
            sum += weights[index] * value;
        }
        return sum;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
