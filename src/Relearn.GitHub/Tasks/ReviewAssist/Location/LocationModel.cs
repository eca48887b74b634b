using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Features;

namespace Relearn.GitHub.Tasks.ReviewAssist.Location;

/// <summary>Which line of a hunk a comment goes on, and how strongly the model points there.</summary>
public sealed record LineChoice(DiffLine Line, double Weight);

/// <summary>
/// Will a reviewer comment on this hunk? L2-regularized logistic regression over <see cref="HunkFeatures"/>, fitted
/// by full-batch gradient descent (small data: a few hundred hunks fit in milliseconds, so TPE can afford many
/// cross-validated trials). The dense features are standardized with the training mean and deviation; word features
/// are binary, scaled by <see cref="LocationParameters.TokenWeight"/>. The line to comment on is the changed line whose
/// own words and signals weigh most in the model.
/// </summary>
public sealed class LocationModel
{
    private readonly double[] _weights;

    private LocationModel(LocationParameters parameters, double[] mean, double[] scale, double bias, double[] weights, double threshold)
    {
        Parameters = parameters;
        Mean = mean;
        Scale = scale;
        Bias = bias;
        _weights = weights;
        Threshold = threshold;
    }

    /// <summary>The settings it was fitted with.</summary>
    public LocationParameters Parameters { get; }

    /// <summary>Training means of the dense features.</summary>
    public double[] Mean { get; }

    /// <summary>Training standard deviations of the dense features (1 where constant).</summary>
    public double[] Scale { get; }

    /// <summary>The intercept.</summary>
    public double Bias { get; }

    /// <summary>The score at and over which a hunk is predicted to get a comment.</summary>
    public double Threshold { get; }

    /// <summary>Weights, dense features first.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>A copy with another decision threshold.</summary>
    public LocationModel WithThreshold(double threshold) => new(Parameters, Mean, Scale, Bias, _weights, threshold);

    /// <summary>Rebuilds a saved model.</summary>
    public static LocationModel Restore(LocationParameters parameters, double[] mean, double[] scale, double bias, double[] weights, double threshold)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.Length == HunkFeatures.Width && mean.Length == HunkFeatures.Dense && scale.Length == HunkFeatures.Dense
            ? new(parameters, mean, scale, bias, weights, threshold)
            : throw new InvalidDataException("the location model does not match this build's features");
    }

    /// <summary>Fits the model; <paramref name="rows"/> are features from <see cref="HunkFeatures.Of"/> with the same <see cref="LocationParameters.RemovedTokens"/>.</summary>
    public static LocationModel Fit(IReadOnlyList<SparseVector> rows, IReadOnlyList<bool> labels, LocationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rows.Count, labels.Count);
        var n = rows.Count;
        var dense = HunkFeatures.Dense;
        var mean = new double[dense];
        var scale = new double[dense];
        foreach (var row in rows)
        {
            for (var j = 0; j < dense; j++)
            {
                mean[j] += row.Values[j] / n;
            }
        }
        foreach (var row in rows)
        {
            for (var j = 0; j < dense; j++)
            {
                scale[j] += (row.Values[j] - mean[j]) * (row.Values[j] - mean[j]) / n;
            }
        }
        for (var j = 0; j < dense; j++)
        {
            scale[j] = scale[j] > 1e-12 ? Math.Sqrt(scale[j]) : 1;
        }
        var x = rows.Select(r => Scaled(r, mean, scale, parameters.TokenWeight)).ToArray();
        var positives = labels.Count(l => l);
        var bias = Math.Log((positives + 0.5) / (n - positives + 0.5));
        var weights = new double[HunkFeatures.Width];
        var gradient = new double[HunkFeatures.Width];
        for (var iteration = 0; iteration < parameters.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            var biasGradient = 0.0;
            for (var i = 0; i < n; i++)
            {
                var error = (Sigmoid(Dot(x[i], weights, bias)) - (labels[i] ? 1 : 0)) / n;
                biasGradient += error;
                var (indices, values) = (x[i].Indices, x[i].Values);
                for (var k = 0; k < indices.Length; k++)
                {
                    gradient[indices[k]] += error * values[k];
                }
            }
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] -= parameters.LearningRate * (gradient[j] + parameters.L2 * weights[j]);
            }
            bias -= parameters.LearningRate * biasGradient;
        }
        return new LocationModel(parameters, mean, scale, bias, weights, 0.5);
    }

    /// <summary>The probability that a reviewer comments on the hunk.</summary>
    public double Score(SparseVector features) => Sigmoid(Dot(Scaled(features, Mean, Scale, Parameters.TokenWeight), _weights, Bias));

    /// <summary>
    /// The changed line to comment on: the one whose words (and, on added lines, signals) the model weighs most; an
    /// added line wins ties, then the earliest. Null for a hunk without changed lines.
    /// </summary>
    public LineChoice? ChooseLine(DiffHunk hunk)
    {
        ArgumentNullException.ThrowIfNull(hunk);
        var signalStart = HunkFeatures.DenseNames.Count - LineSignals.Names.Count;
        LineChoice? best = null;
        foreach (var line in hunk.Lines.Where(l => l.Kind != DiffLineKind.Context))
        {
            if (line.Kind == DiffLineKind.Removed && !Parameters.RemovedTokens && best is not null)
            {
                continue;
            }
            var side = line.Kind == DiffLineKind.Added ? '+' : '-';
            var weight = HunkFeatures.TokenIndices(side, line.Text).Sum(i => _weights[i]) * Parameters.TokenWeight;
            if (line.Kind == DiffLineKind.Added)
            {
                var signals = LineSignals.Of(line.Text);
                for (var s = 0; s < signals.Length; s++)
                {
                    weight += signals[s] * _weights[signalStart + s] / Scale[signalStart + s];
                }
                weight += 1e-9; // added lines first among equals
            }
            if (best is null || weight > best.Weight)
            {
                best = new LineChoice(line, weight);
            }
        }
        return best;
    }

    private static SparseVector Scaled(SparseVector row, double[] mean, double[] scale, double tokenWeight)
    {
        var values = new double[row.Values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var j = row.Indices[k];
            values[k] = j < mean.Length ? (row.Values[k] - mean[j]) / scale[j] : row.Values[k] * tokenWeight;
        }
        return new SparseVector(row.Indices, values);
    }

    private static double Dot(SparseVector x, double[] weights, double bias)
    {
        var z = bias;
        for (var k = 0; k < x.Indices.Length; k++)
        {
            z += weights[x.Indices[k]] * x.Values[k];
        }
        return z;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
