using Relearn.Core.Registry;

namespace Relearn.Core.Tests.Registry;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("sentiment", "sentiment", null, null)]
    [InlineData("sentiment@production", "sentiment", "production", null)]
    [InlineData("issue-close:12", "issue-close", null, 12)]
    public void Parse_AcceptsTheThreeForms(string text, string name, string? alias, int? version)
    {
        Assert.Equal(new ModelReference(name, alias, version), ModelReference.Parse(text));
        Assert.Equal(text, ModelReference.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("a:0")]
    [InlineData("a:-1")]
    [InlineData("a:x")]
    [InlineData("a@")]
    [InlineData("a b")]
    public void Parse_RejectsMalformedReferences(string text)
    {
        Assert.Equal(RelearnErrorKind.InvalidInput, Assert.Throws<RelearnException>(() => ModelReference.Parse(text)).Kind);
    }
}
