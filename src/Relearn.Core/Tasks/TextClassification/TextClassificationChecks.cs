using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Quality.Checks;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// CheckList's sentiment suite, cut down to what a binary text classifier must get right: MFT on simple clear
/// sentences, INV to names, typos, punctuation and casing (on held-out sentences), DIR for negation and intensifiers.
/// The positive class is the manifest's second; templates are English, as the shipped samples are.
/// </summary>
public sealed class TextClassificationChecks : IBehaviouralChecks
{
    /// <summary>Held-out sentences each INV test perturbs: enough for a stable pass rate, few enough to keep the pipeline quick.</summary>
    public const int SentencesPerTest = 40;

    /// <summary>DIR tolerance: a score may move the wrong way by this much (CheckList allows 0.1; we are stricter).</summary>
    public const double DirectionTolerance = 0.05;

    private static readonly string[] Nouns = ["food", "service", "phone", "battery", "product", "restaurant", "movie", "staff"];
    private static readonly string[] Good = ["good", "great", "excellent", "amazing", "wonderful", "fantastic"];
    private static readonly string[] Bad = ["bad", "terrible", "awful", "horrible", "disappointing", "poor"];
    private static readonly string[] Likes = ["love", "like", "enjoy", "recommend"];
    private static readonly string[] Dislikes = ["hate", "dislike", "regret"];

    /// <inheritdoc />
    public IReadOnlyList<BehaviouralTest> Tests(ModelManifest manifest, byte[] evaluationData)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var (negative, positive) = (manifest.Classes[0], manifest.Classes[^1]);
        var sentences = Sample(evaluationData, SentencesPerTest);
        var random = new Random(42);
        return
        [
            new("mft: simple clear sentences", CheckKind.Mft, CheckExpectation.Label,
            [
                .. Nouns.SelectMany(n => Good.Select(a => Mft($"The {n} is {a}.", positive))),
                .. Nouns.SelectMany(n => Bad.Select(a => Mft($"The {n} is {a}.", negative))),
                .. Nouns.SelectMany(n => Likes.Select(v => Mft($"I {v} this {n}.", positive))),
                .. Nouns.SelectMany(n => Dislikes.Select(v => Mft($"I {v} this {n}.", negative))),
            ]),
            new("invariance: person names", CheckKind.Inv, CheckExpectation.SameLabel,
            [
                .. Nouns.SelectMany((n, i) => new[] { Good[i % Good.Length], Bad[i % Bad.Length] }.SelectMany(a =>
                    NamePairs().Select(p => Pair($"{p.A} said the {n} was {a}.", $"{p.B} said the {n} was {a}.")))),
                .. sentences.Select((s, i) => Pair(TextPerturbations.Attributed(NamePairs()[i % 4].A, s), TextPerturbations.Attributed(NamePairs()[i % 4].B, s))),
            ]),
            new("invariance: typos", CheckKind.Inv, CheckExpectation.SameLabel,
                sentences.Select(s => (s, t: TextPerturbations.Typo(s, random))).Where(p => p.t is not null).Select(p => Pair(p.s, p.t!)).ToList()),
            new("invariance: punctuation", CheckKind.Inv, CheckExpectation.SameLabel, sentences.Select(s => Pair(s, TextPerturbations.Punctuation(s))).ToList()),
            new("invariance: casing", CheckKind.Inv, CheckExpectation.SameLabel, sentences.Select(s => Pair(s, TextPerturbations.Lower(s))).ToList()),
            new("directional: negation lowers the positive score", CheckKind.Dir, CheckExpectation.NotUp,
            [
                .. Nouns.SelectMany(n => Good.Select(a => Pair($"The {n} is {a}.", $"The {n} is not {a}."))),
                .. Nouns.SelectMany(n => Likes.Select(v => Pair($"I {v} this {n}.", $"I don't {v} this {n}."))),
            ], DirectionTolerance),
            new("directional: intensifiers strengthen positive", CheckKind.Dir, CheckExpectation.NotDown,
                Nouns.SelectMany(n => Good.Select(a => Pair($"The {n} is {a}.", $"The {n} is very {a}."))).ToList(), DirectionTolerance),
            new("directional: intensifiers strengthen negative", CheckKind.Dir, CheckExpectation.NotUp,
                Nouns.SelectMany(n => Bad.Select(a => Pair($"The {n} is {a}.", $"The {n} is very {a}."))).ToList(), DirectionTolerance),
        ];
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonElement> SampleInputs(byte[] evaluationData, int count) => Sample(evaluationData, count).Select(Input).ToList();

    private static (string A, string B)[] NamePairs() =>
        [.. Enumerable.Range(0, TextPerturbations.Names.Count / 2).Select(i => (TextPerturbations.Names[2 * i], TextPerturbations.Names[(2 * i) + 1]))];

    /// <summary>A seeded sample of the held-out sentences, in their stored order.</summary>
    private static IReadOnlyList<string> Sample(byte[] evaluationData, int count)
    {
        var rows = LabelledTextReader.FromCanonicalBytes(evaluationData);
        var picked = new Random(7).GetItems(Enumerable.Range(0, rows.Count).ToArray(), Math.Min(count, rows.Count));
        return [.. picked.Distinct().Order().Select(i => rows[i].Text)];
    }

    private static JsonElement Input(string text) => JsonSerializer.SerializeToElement(new { text });

    private static CheckCase Mft(string text, string label) => new(text, Input(text), Label: label);

    private static CheckCase Pair(string text, string variant) => new($"{text} → {variant}", Input(text), Input(variant));
}
