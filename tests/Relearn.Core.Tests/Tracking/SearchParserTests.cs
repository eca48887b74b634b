using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Tests.Tracking;

public sealed class SearchParserTests
{
    [Fact]
    public void ParseFilter_ReadsEntitiesOperatorsAndValues()
    {
        var filter = SearchParser.ParseFilter(
            "metrics.auc >= 0.9 and params.lr = '0.1' AND tags.\"my tag\" LIKE 'a%' AND attributes.status IN ('FINISHED', \"FAILED\") AND run_name != 'x' AND metrics.`val loss` < -1e-3",
            SearchScope.Runs);

        Assert.Collection(filter.Comparisons,
            c => Assert.Equal((SearchEntity.Metric, "auc", SearchOperator.GreaterOrEqual, (object)0.9), (c.Entity, c.Key, c.Operator, c.Values[0])),
            c => Assert.Equal((SearchEntity.Param, "lr", SearchOperator.Equal, (object)"0.1"), (c.Entity, c.Key, c.Operator, c.Values[0])),
            c => Assert.Equal((SearchEntity.Tag, "my tag", SearchOperator.Like, (object)"a%"), (c.Entity, c.Key, c.Operator, c.Values[0])),
            c => Assert.Equal(["FINISHED", "FAILED"], c.Values),
            c => Assert.Equal((SearchEntity.Attribute, "run_name", SearchOperator.NotEqual), (c.Entity, c.Key, c.Operator)),
            c => Assert.Equal((SearchEntity.Metric, "val loss", (object)(-1e-3)), (c.Entity, c.Key, c.Values[0])));
    }

    [Theory]
    [InlineData("metrics.auc >", 13, "found the end")]
    [InlineData("metrics.auc > 0.5 AND", 21, "found the end")]
    [InlineData("params.lr < '1'", 10, "compares numbers")]
    [InlineData("metrics.auc LIKE '1%'", 12, "compares strings")]
    [InlineData("metrics.auc = 'high'", 14, "expected a number")]
    [InlineData("params.lr = 1", 12, "expected a quoted string")]
    [InlineData("colour = 'red'", 0, "not an attribute")]
    [InlineData("params.a = 'x' OR params.b = 'y'", 15, "OR is not supported")]
    [InlineData("params.a = 'x' params.b = 'y'", 15, "expected AND")]
    [InlineData("params.a = 'never closed", 11, "never closed")]
    [InlineData("params.a = 'x' ; DROP TABLE runs", 15, "unexpected character ';'")]
    public void ParseFilter_InvalidSyntax_NamesThePosition(string text, int position, string problem)
    {
        var error = Assert.Throws<RelearnException>(() => SearchParser.ParseFilter(text, SearchScope.Runs));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseOrderBy_DefaultsToAscending_AndRejectsOtherWords()
    {
        var orders = SearchParser.ParseOrderBy(["metrics.auc DESC", "attributes.start_time", "params.lr asc"], SearchScope.Runs);

        Assert.Equal([new SearchOrder(SearchEntity.Metric, "auc", true), new SearchOrder(SearchEntity.Attribute, "start_time", false), new SearchOrder(SearchEntity.Param, "lr", false)], orders);
        var error = Assert.Throws<RelearnException>(() => SearchParser.ParseOrderBy(["metrics.auc UP"], SearchScope.Runs));
        Assert.Contains("position 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_LimitWhatCanBeNamed()
    {
        Assert.Throws<RelearnException>(() => SearchParser.ParseFilter("metrics.auc > 1", SearchScope.Experiments));
        Assert.Equal(2, SearchParser.ParseFilter("name = 'm' AND run_id = 'r'", SearchScope.ModelVersions).Comparisons.Count);
    }

    [Fact]
    public void PageToken_RoundTrips_AndRejectsForgeries()
    {
        Assert.Equal(40, SearchPageToken.Decode(SearchPageToken.Encode(40)));
        Assert.Equal(0, SearchPageToken.Decode(null));
        Assert.Throws<RelearnException>(() => SearchPageToken.Decode("bm9wZQ=="));
        Assert.Throws<RelearnException>(() => SearchPageToken.Decode("%%%"));
    }
}
