using Relearn.Core.Training.Lexicons;

namespace Relearn.Core.Tests.Training.Lexicons;

public class SentimentLexiconTests
{
    private static readonly SentimentLexicon Lexicon = SentimentLexicon.Shared;

    [Fact]
    public void Both_shipped_lexicons_load_with_their_published_sizes()
    {
        // vader_lexicon.txt has 7,517 lines (a few emoticons tokenize to nothing); AFINN-165 has 3,382 entries.
        var (vader, afinn) = Lexicon.Size;

        Assert.InRange(vader, 7000, 7517);
        Assert.Equal(3382, afinn);
    }

    [Fact]
    public void Vader_score_is_the_normalised_valence_of_a_single_word()
    {
        // vader_lexicon.txt: "good" 1.9; VADER's normalize: 1.9 / sqrt(1.9² + 15).
        var s = Lexicon.Score("good");

        Assert.Equal(1.9 / Math.Sqrt(1.9 * 1.9 + 15), s.Vader, 6);
        // AFINN-165: "good" 3.
        Assert.Equal(3 / Math.Sqrt(9 + 15.0), s.Afinn, 6);
    }

    [Fact]
    public void A_negator_within_three_words_flips_and_damps_the_word()
    {
        var s = Lexicon.Score("this was not good");

        Assert.Equal(1.9 * -0.74 / Math.Sqrt(1.9 * -0.74 * 1.9 * -0.74 + 15), s.Vader, 6);
        Assert.True(Lexicon.Score("I don't like it").Vader < 0);
        Assert.False(Lexicon.Score("not good at all").IsPositive);
    }

    [Fact]
    public void After_but_counts_more_than_before_it()
    {
        Assert.True(Lexicon.Score("The screen is great but the battery is terrible").IsPositive is false);
        Assert.True(Lexicon.Score("The battery is terrible but the screen is great").IsPositive);
    }

    [Fact]
    public void Boosters_strengthen_and_two_word_entries_match_as_phrases()
    {
        Assert.True(Lexicon.Score("very good").Vader > Lexicon.Score("good").Vader);
        // "can't stand" is one entry (-2.0 in VADER), not "can't" + "stand".
        Assert.Equal(-2.0 / Math.Sqrt(4 + 15.0), Lexicon.Score("I can't stand it").Vader, 6);
    }

    [Fact]
    public void Text_without_sentiment_words_scores_zero()
    {
        var s = Lexicon.Score("The package arrived on Tuesday.");

        Assert.Equal(0, s.Vader);
        Assert.Equal(0, s.Afinn);
        Assert.Equal(LexiconScores.Count, s.ToFeatures().Length);
    }
}
