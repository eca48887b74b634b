namespace Relearn.Core.Monitoring.TextDrift;

/// <summary>
/// TF-IDF as Evidently configures scikit-learn's <c>TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")</c>:
/// tf = 1 + ln(count), smooth idf = ln((1 + n) / (1 + df)) + 1, rows L2-normalized, terms in more than half the
/// documents dropped.
/// </summary>
internal sealed class TfIdf
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly double[] _idf;

    private TfIdf(Dictionary<string, int> vocabulary, double[] idf)
    {
        _vocabulary = vocabulary;
        _idf = idf;
    }

    public IReadOnlyDictionary<string, int> Vocabulary => _vocabulary;

    public static TfIdf Fit(IReadOnlyList<string> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            foreach (var term in Terms(doc).Distinct())
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        var maxDf = 0.5 * documents.Count;
        var kept = df.Where(p => p.Value <= maxDf).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var vocabulary = new Dictionary<string, int>(kept.Count, StringComparer.Ordinal);
        var idf = new double[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            vocabulary[kept[i].Key] = i;
            idf[i] = Math.Log((1.0 + documents.Count) / (1.0 + kept[i].Value)) + 1;
        }
        return new TfIdf(vocabulary, idf);
    }

    /// <summary>A document as sparse (term index, weight) pairs.</summary>
    public (int Index, double Weight)[] Transform(string document)
    {
        var counts = new Dictionary<int, int>();
        foreach (var term in Terms(document))
        {
            if (_vocabulary.TryGetValue(term, out var index))
            {
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        }
        var row = counts.Select(p => (p.Key, (1 + Math.Log(p.Value)) * _idf[p.Key])).ToArray();
        var norm = Math.Sqrt(row.Sum(p => p.Item2 * p.Item2));
        if (norm > 0)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i].Item2 /= norm;
            }
        }
        return row;
    }

    private static IEnumerable<string> Terms(string document) =>
        Tokenizer.Words(document).Where(w => !StopWords.English.Contains(w));
}
