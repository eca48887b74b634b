using System.Globalization;
using System.Text;

namespace Relearn.Core.Training.Lexicons;

/// <summary>Lexicon scores of one text; every score is in [-1, 1] (positive = positive sentiment).</summary>
/// <param name="Vader">VADER valences with the rules, normalised as VADER's compound (alpha 15).</param>
/// <param name="VaderPositive">Normalised sum of the positive VADER valences only.</param>
/// <param name="VaderNegative">Normalised sum of the negative VADER valences only (≤ 0).</param>
/// <param name="Afinn">AFINN-165 scores with the same rules, normalised the same way.</param>
public sealed record LexiconScores(double Vader, double VaderPositive, double VaderNegative, double Afinn)
{
    /// <summary>Number of features <see cref="ToFeatures"/> returns.</summary>
    public const int Count = 4;

    /// <summary>The scores as model features, in a fixed order.</summary>
    public float[] ToFeatures() => [(float)Vader, (float)VaderPositive, (float)VaderNegative, (float)Afinn];

    /// <summary>The plain lexicon decision: positive when the two lexicons' scores add up above zero.</summary>
    public bool IsPositive => Vader + Afinn > 0;
}

/// <summary>
/// Word-list sentiment: the VADER lexicon (vader-sentiment 1.1.3) and AFINN-165 (afinn-165 2.0.2), shipped as resources
/// (see Data/NOTICE.md), with VADER's negation rule (a negator among the three words before flips and damps a word,
/// N_SCALAR −0.74), booster words (±0.293), the contrastive "but" rule (words before "but" count half, after it 1.5×)
/// and VADER's normalisation score/√(score²+15) — constants from vaderSentiment.js. It is not the whole VADER
/// algorithm (no capitals, punctuation emphasis or idioms): these rules are the ones that decide short review sentences.
/// Immutable after construction and safe from many threads.
/// </summary>
public sealed class SentimentLexicon
{
    private const double NegationScalar = -0.74;
    private const double Booster = 0.293;
    private const double Alpha = 15;
    private const int NegationWindow = 3;
    private const string ResourcePrefix = "Relearn.Lexicons.";

    private static readonly Lazy<SentimentLexicon> SharedInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // vaderSentiment.js NEGATE (without the apostrophes, which tokenization drops) plus "no".
    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt",
        "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt",
        "shant", "shouldnt", "uhuh", "wasnt", "werent", "without", "wont", "wouldnt", "rarely", "seldom", "despite", "no",
    };

    // vaderSentiment.js BOOSTER_DICT, the common entries: increments and dampeners.
    private static readonly Dictionary<string, double> Boosters = new(StringComparer.Ordinal)
    {
        ["absolutely"] = Booster, ["amazingly"] = Booster, ["awfully"] = Booster, ["completely"] = Booster, ["considerably"] = Booster,
        ["decidedly"] = Booster, ["deeply"] = Booster, ["enormously"] = Booster, ["entirely"] = Booster, ["especially"] = Booster,
        ["exceptionally"] = Booster, ["extremely"] = Booster, ["fabulously"] = Booster, ["greatly"] = Booster, ["highly"] = Booster,
        ["hugely"] = Booster, ["incredibly"] = Booster, ["intensely"] = Booster, ["majorly"] = Booster, ["more"] = Booster,
        ["most"] = Booster, ["particularly"] = Booster, ["purely"] = Booster, ["quite"] = Booster, ["really"] = Booster,
        ["remarkably"] = Booster, ["so"] = Booster, ["substantially"] = Booster, ["thoroughly"] = Booster, ["totally"] = Booster,
        ["tremendously"] = Booster, ["uber"] = Booster, ["unbelievably"] = Booster, ["unusually"] = Booster, ["utterly"] = Booster,
        ["very"] = Booster,
        ["almost"] = -Booster, ["barely"] = -Booster, ["hardly"] = -Booster, ["kind"] = -Booster, ["less"] = -Booster,
        ["little"] = -Booster, ["marginally"] = -Booster, ["occasionally"] = -Booster, ["partly"] = -Booster, ["scarcely"] = -Booster,
        ["slightly"] = -Booster, ["somewhat"] = -Booster, ["sort"] = -Booster,
    };

    private readonly Dictionary<string, double> _vader;
    private readonly Dictionary<string, double> _afinn;

    private SentimentLexicon(Dictionary<string, double> vader, Dictionary<string, double> afinn)
    {
        _vader = vader;
        _afinn = afinn;
    }

    /// <summary>The lexicons shipped with Relearn (read once per process).</summary>
    public static SentimentLexicon Shared => SharedInstance.Value;

    /// <summary>Entries in the VADER and AFINN lists.</summary>
    public (int Vader, int Afinn) Size => (_vader.Count, _afinn.Count);

    /// <summary>Scores one text.</summary>
    public LexiconScores Score(string text)
    {
        var words = Tokenize(text ?? "");
        var vader = Valences(words, _vader);
        var afinn = Valences(words, _afinn);
        return new LexiconScores(
            Normalize(vader.Sum()),
            Normalize(vader.Where(v => v > 0).Sum()),
            Normalize(vader.Where(v => v < 0).Sum()),
            Normalize(afinn.Sum()));
    }

    /// <summary>VADER's normalisation into [-1, 1].</summary>
    private static double Normalize(double score) => score / Math.Sqrt(score * score + Alpha);

    private static List<double> Valences(IReadOnlyList<string> words, Dictionary<string, double> lexicon)
    {
        var valences = new List<double>();
        var but = -1;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "but" && but < 0)
            {
                but = i;
            }
        }
        for (var i = 0; i < words.Count; i++)
        {
            // Two-word entries ("can't stand", "fed up") win over their first word.
            var consumed = 1;
            if (i + 1 < words.Count && lexicon.TryGetValue(words[i] + " " + words[i + 1], out var valence))
            {
                consumed = 2;
            }
            else if (!lexicon.TryGetValue(words[i], out valence) || Boosters.ContainsKey(words[i]) || Negators.Contains(words[i]))
            {
                continue;
            }
            for (var back = 1; back <= NegationWindow && i - back >= 0; back++)
            {
                var previous = words[i - back];
                if (Boosters.TryGetValue(previous, out var boost))
                {
                    // A booster far from the word counts less, as in VADER's scalar_inc_dec (0.95, 0.9).
                    var damp = back == 1 ? 1.0 : back == 2 ? 0.95 : 0.9;
                    valence += Math.Sign(valence) * boost * damp;
                }
            }
            if (Enumerable.Range(1, NegationWindow).Any(back => i - back >= 0 && IsNegator(words[i - back])))
            {
                valence *= NegationScalar;
            }
            if (but >= 0)
            {
                valence *= i < but ? 0.5 : i > but ? 1.5 : 1;
            }
            valences.Add(valence);
            i += consumed - 1;
        }
        return valences;
    }

    private static bool IsNegator(string word) => Negators.Contains(word);

    /// <summary>Lower-cased words: apostrophes dropped (don't → dont), any other punctuation splits.</summary>
    internal static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '-')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’')
            {
                continue;
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString().Trim('-'));
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString().Trim('-'));
        }
        words.RemoveAll(w => w.Length == 0);
        return words;
    }

    private static SentimentLexicon Load()
    {
        var vader = Read("vader_lexicon.txt");
        var afinn = Read("afinn-165.tsv");
        return new SentimentLexicon(vader, afinn);
    }

    /// <summary>Reads <c>word&lt;TAB&gt;score[&lt;TAB&gt;...]</c>; apostrophes are dropped from keys as tokenization drops them.</summary>
    private static Dictionary<string, double> Read(string name)
    {
        using var stream = typeof(SentimentLexicon).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"lexicon {name} is missing from Relearn.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lexicon = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length < 2 || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                continue;
            }
            var key = string.Join(' ', Tokenize(fields[0]));
            // Emoticons tokenize to nothing; keep the first entry of words that collide once apostrophes are dropped.
            if (key.Length > 0)
            {
                lexicon.TryAdd(key, score);
            }
        }
        return lexicon;
    }
}
