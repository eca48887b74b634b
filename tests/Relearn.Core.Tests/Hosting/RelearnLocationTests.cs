using Relearn.Core.Hosting;

namespace Relearn.Core.Tests.Hosting;

public sealed class RelearnLocationTests
{
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "relearn-location-test");

    [Theory]
    [InlineData("s3://models/team/artifacts", "models", "team/artifacts")]
    [InlineData("s3://models/team/artifacts/", "models", "team/artifacts")]
    [InlineData("s3://my.models-1", "my.models-1", "")]
    [InlineData("S3://models/", "models", "")]
    public void Resolve_S3Artifacts_IsS3WithBucketAndPrefix(string artifacts, string bucket, string prefix)
    {
        var location = RelearnLocation.Resolve(Home, artifacts: artifacts);

        Assert.True(location.IsS3);
        Assert.Equal(new S3ArtifactsUri(bucket, prefix), location.S3Artifacts);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///prefix")]
    [InlineData("s3://ab")]
    [InlineData("s3://Models/x")]
    [InlineData("s3://my_models/x")]
    [InlineData("s3://-models")]
    public void Resolve_MalformedS3Artifacts_IsInvalidInputNamingIt(string artifacts)
    {
        var error = Assert.Throws<RelearnException>(() => RelearnLocation.Resolve(Home, artifacts: artifacts));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        Assert.Contains(artifacts, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u:p@db:5432/relearn", true)]
    [InlineData("POSTGRES://db/relearn", true)]
    [InlineData("/var/lib/relearn/relearn.db", false)]
    public void Resolve_PostgresStore_IsPostgres(string store, bool expected) =>
        Assert.Equal(expected, RelearnLocation.Resolve(Home, store: store).IsPostgres);

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("postgresql://u:secretpw@/relearn")]
    public void Resolve_MalformedPostgresStore_IsInvalidInput_WithoutEchoingIt(string store)
    {
        var error = Assert.Throws<RelearnException>(() => RelearnLocation.Resolve(Home, store: store));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        Assert.DoesNotContain("secretpw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FolderArtifacts_IsNotS3()
    {
        var location = RelearnLocation.Resolve(Home, artifacts: Path.Combine(Home, "elsewhere"));

        Assert.False(location.IsS3);
        Assert.Throws<InvalidOperationException>(() => location.S3Artifacts);
    }

    [Fact]
    public void S3ArtifactsUri_Key_PutsThePrefixInFront()
    {
        Assert.Equal("team/refs/x", new S3ArtifactsUri("models", "team").Key("refs/x"));
        Assert.Equal("refs/x", new S3ArtifactsUri("models", "").Key("refs/x"));
    }
}
