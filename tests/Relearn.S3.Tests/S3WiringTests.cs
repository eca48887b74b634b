using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Storage;

namespace Relearn.S3.Tests;

/// <summary>How <c>relearn</c> composes its services: an s3:// location gets the S3 store, a folder the local one.</summary>
public sealed class S3WiringTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-s3-home-").FullName;

    [Fact]
    public void AddRelearnS3_ForAnS3Location_RegistersTheS3Store()
    {
        var location = RelearnLocation.Resolve(_home, artifacts: "s3://relearn-models/team");
        using var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnS3().BuildServiceProvider();

        Assert.IsType<S3ArtifactStore>(services.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void AddRelearnS3_ForAFolder_KeepsTheLocalStore()
    {
        var location = RelearnLocation.Resolve(_home, artifacts: Path.Combine(_home, "artifacts"));
        using var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnS3().BuildServiceProvider();

        Assert.IsType<LocalArtifactStore>(services.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public void AddRelearnCore_ForAnS3LocationWithoutAddRelearnS3_SaysWhatToCall()
    {
        var location = RelearnLocation.Resolve(_home, artifacts: "s3://relearn-models/team");
        using var services = new ServiceCollection().AddLogging().AddRelearnCore(location).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IArtifactStore>());

        Assert.Contains("AddRelearnS3", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_home, "s3:")));
    }

    [Fact]
    public void S3ClientFactory_WithAnEndpoint_UsesPathStyleAndTheRegionForSigning()
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7480", ["AWS_REGION"] = "eu-west-3" };

        var config = S3ClientFactory.CreateConfig(environment.GetValueOrDefault);

        Assert.StartsWith("http://127.0.0.1:7480", config.ServiceURL, StringComparison.Ordinal);
        Assert.True(config.ForcePathStyle);
        Assert.Equal("eu-west-3", config.AuthenticationRegion);
        Assert.Equal(Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
