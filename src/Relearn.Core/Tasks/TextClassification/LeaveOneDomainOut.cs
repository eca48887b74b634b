using System.Globalization;
using System.Text;
using Relearn.Core.Datasets;
using Relearn.Core.Training.Evaluation;
using Relearn.Core.Training.Lexicons;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>Labelled rows from one source (one file): a domain the model may never see.</summary>
/// <param name="Name">The source's name (its file name without extension).</param>
/// <param name="Rows">Its rows.</param>
public sealed record TextDomain(string Name, IReadOnlyList<LabelledText> Rows);

/// <summary>One held-out domain: trained on all the others, tested on this one.</summary>
public sealed record DomainFold(string Domain, int Rows, double Accuracy, double Auc);

/// <summary>Leave-one-domain-out scores of one candidate; its figure is the mean over the held-out domains.</summary>
public sealed record DomainEvaluation(string Candidate, IReadOnlyList<DomainFold> Folds)
{
    /// <summary>Mean accuracy on domains the model never saw.</summary>
    public double Accuracy => Folds.Average(f => f.Accuracy);

    /// <summary>Mean AUC on domains the model never saw.</summary>
    public double Auc => Folds.Average(f => f.Auc);
}

/// <summary>Which featurizer a training picked, and the figures it picked by.</summary>
/// <param name="Chosen">The winner's evaluation.</param>
/// <param name="Candidates">Every candidate, the winner included, and the lexicon baseline.</param>
public sealed record DomainSelection(DomainEvaluation Chosen, IReadOnlyList<DomainEvaluation> Candidates)
{
    /// <summary>The protocol in one line, for run tags and the model card.</summary>
    public const string Protocol = "leave-one-domain-out: for each training file, train on all the other files and test on it; the figure is the mean accuracy over the held-out files";

    /// <summary>
    /// Flat metrics: <c>lodo_accuracy</c> and <c>lodo_auc</c> of the chosen candidate, its accuracy per held-out domain
    /// (<c>lodo_accuracy_DOMAIN</c>), and each candidate's mean and per-domain accuracy (<c>lodo_accuracy_CANDIDATE[_DOMAIN]</c>).
    /// </summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>
        {
            ["lodo_accuracy"] = Chosen.Accuracy,
            ["lodo_auc"] = Chosen.Auc,
        };
        foreach (var fold in Chosen.Folds)
        {
            metrics[$"lodo_accuracy_{fold.Domain}"] = fold.Accuracy;
        }
        foreach (var candidate in Candidates)
        {
            metrics[$"lodo_accuracy_{candidate.Candidate}"] = candidate.Accuracy;
            foreach (var fold in candidate.Folds)
            {
                metrics[$"lodo_accuracy_{candidate.Candidate}_{fold.Domain}"] = fold.Accuracy;
            }
        }
        return metrics;
    }

    /// <summary>The model card section: protocol, the table of candidates per held-out domain, and the baselines beaten.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Evaluation protocol");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Featurizer chosen by {Protocol}.");
        md.AppendLine("These are figures on text from a source the model did not train on; the test-split metrics below are in-domain.");
        md.AppendLine();
        var domains = Chosen.Folds.Select(f => f.Domain).ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"| candidate | {string.Join(" | ", domains.Select(d => $"accuracy on {d}"))} | mean accuracy | mean AUC |");
        md.AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(domains.Select(_ => "---|"))}---|---|");
        foreach (var c in Candidates)
        {
            var cells = domains.Select(d => c.Folds.First(f => f.Domain == d).Accuracy.ToString("0.000", CultureInfo.InvariantCulture));
            var name = c == Chosen ? $"**{c.Candidate}** (chosen)" : c.Candidate;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells)} | {c.Accuracy:0.000} | {c.Auc:0.000} |");
        }
        md.AppendLine();
        var beaten = Candidates.Where(c => c != Chosen && c.Accuracy < Chosen.Accuracy).Select(c => $"{c.Candidate} ({c.Accuracy:0.000})").ToList();
        md.AppendLine(beaten.Count > 0
            ? $"Baselines it beat on the same data and protocol: {string.Join(", ", beaten)}."
            : "It beat no baseline on this protocol.");
        md.AppendLine();
        return md.ToString();
    }
}

/// <summary>Leave-one-domain-out evaluation of text classifiers and of the plain lexicon rule.</summary>
internal static class LeaveOneDomainOut
{
    /// <summary>Name of the lexicon baseline (VADER + AFINN-165 with negation and "but" rules, no training).</summary>
    public const string LexiconCandidate = "lexicon";

    /// <summary>Trains with <paramref name="options"/> on all domains but one and tests on that one, for each domain.</summary>
    public static DomainEvaluation Evaluate(IReadOnlyList<TextDomain> domains, TextClassificationOptions options, EmbeddingFeatures? features)
    {
        if (domains.Count < 2)
        {
            throw RelearnException.Invalid("leave-one-domain-out needs two or more sources (training files)");
        }
        var folds = new List<DomainFold>();
        foreach (var heldOut in domains)
        {
            var train = domains.Where(d => d != heldOut).SelectMany(d => d.Rows).ToList();
            LabelledTextReader.RequireTrainable(train);
            BinaryClassificationReport report;
            if (options.Featurizer == TextFeaturizer.Embeddings)
            {
                var cache = features ?? new EmbeddingFeatures(options.LexiconFeatures);
                report = TextClassifierTrainer.TrainEmbeddings(train, options, cache).Evaluate(heldOut.Rows, cache);
            }
            else
            {
                report = TextClassifierTrainer.Train(train, options).Evaluate(heldOut.Rows);
            }
            folds.Add(new DomainFold(heldOut.Name, heldOut.Rows.Count, report.Accuracy, report.Auc));
        }
        return new DomainEvaluation(options.Featurizer.ToString().ToLowerInvariant(), folds);
    }

    /// <summary>The lexicon rule on each domain (it trains on nothing, so every domain is unseen).</summary>
    public static DomainEvaluation Lexicon(IReadOnlyList<TextDomain> domains) => new(LexiconCandidate, domains.Select(d =>
    {
        var scores = d.Rows.Select(r => SentimentLexicon.Shared.Score(r.Text)).ToList();
        // Probability-like score for AUC: the mean of the two normalised lexicon scores mapped from [-1, 1] to [0, 1];
        // the decision is the rule's own (sum above zero), as the accuracy reports.
        var report = BinaryEvaluator.Evaluate(d.Rows.Select(r => r.Label).ToList(), scores.Select(s => (float)((s.Vader + s.Afinn) / 4 + 0.5)).ToList());
        var accuracy = d.Rows.Zip(scores).Count(p => p.First.Label == p.Second.IsPositive) / (double)d.Rows.Count;
        return new DomainFold(d.Name, d.Rows.Count, accuracy, report.Auc);
    }).ToList());
}
