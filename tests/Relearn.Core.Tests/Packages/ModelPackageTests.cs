using System.IO.Compression;
using System.Text.Json;
using Relearn.Core.Packages;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tests.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Core.Tests.Packages;

public sealed class ModelPackageTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    private static readonly string[] Texts = ["The food was great and the staff were lovely.", "Cold, bland and overpriced.", "meh"];

    [Fact]
    public async Task Build_SameVersionTwice_SameBytesAndDigest_Issue13()
    {
        var version = await RegisterAsync("package-stable");
        var builder = new ModelPackageBuilder(f.Artifacts, f.Store);

        var first = await builder.BuildAsync(version);
        var second = await builder.BuildAsync(version);

        Assert.Equal(first.Bytes, second.Bytes);
        Assert.Equal(PackageArchive.Sha256(first.Bytes!), first.Digest);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public async Task Build_CarriesManifestModelCardMetricsAndEntryDigests()
    {
        var version = await RegisterAsync("package-contents");

        var package = await new ModelPackageBuilder(f.Artifacts, f.Store).BuildAsync(version);

        using var zip = new ZipArchive(new MemoryStream(package.Bytes!));
        Assert.Equal(["relearn-model.json", "model.zip", "metrics.json", "model-card.md"], zip.Entries.Select(e => e.FullName));
        var manifest = JsonDocument.Parse(zip.GetEntry("relearn-model.json")!.Open()).RootElement;
        Assert.Equal("package-contents", manifest.GetProperty("name").GetString());
        Assert.Equal(version.Version, manifest.GetProperty("version").GetInt32());
        Assert.Equal("text-classification", manifest.GetProperty("task").GetString());
        Assert.Equal(version.CreatedAt, manifest.GetProperty("created").GetDateTimeOffset());
        Assert.Equal(f.Good.RunId, manifest.GetProperty("run_id").GetString());
        Assert.True(manifest.GetProperty("frameworks").TryGetProperty("mlnet", out _));
        Assert.Equal(["metrics.json", "model-card.md", "model.zip"], manifest.GetProperty("entries").EnumerateObject().Select(e => e.Name));
        var model = await f.Artifacts.ReadBytesAsync(version.ModelDigest);
        Assert.Equal(PackageArchive.Sha256(Models.ModelPackage.Unpack(model).Model), manifest.GetProperty("entries").GetProperty("model.zip").GetProperty("sha256").GetString());
        var metrics = JsonDocument.Parse(zip.GetEntry("metrics.json")!.Open()).RootElement;
        Assert.Equal(version.Metrics["auc"], metrics.GetProperty("auc").GetDouble());
        Assert.Contains("# Model card", package.Entry("model-card.md") is { } card ? System.Text.Encoding.UTF8.GetString(card) : "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithAReferenceProfileArtifact_IncludesIt()
    {
        var run = await f.Training.TrainAsync("package-profile", [f.WeakFile], new() { TestFraction = 0.25 });
        var profile = await f.Artifacts.PutTextAsync("""{"columns":[]}""");
        await f.Store.AddArtifactAsync(run.RunId, "reference-profile.json", profile);
        var version = await f.Registry.RegisterAsync("package-profile", run.RunId);

        var package = await new ModelPackageBuilder(f.Artifacts, f.Store).BuildAsync(version);

        Assert.Equal("""{"columns":[]}""", System.Text.Encoding.UTF8.GetString(package.Entry("reference-profile.json")!));
        Assert.Contains("reference-profile.json", package.Manifest.Entries.Keys);
    }

    [Fact]
    public async Task Load_ScoresAsTheRegisteredModel()
    {
        var version = await RegisterAsync("package-scores");
        var package = await new ModelPackageBuilder(f.Artifacts, f.Store).BuildAsync(version);
        var inputs = Texts.Select(t => JsonSerializer.SerializeToElement(new { text = t })).ToList();

        var loaded = RelearnModelPackage.Load(package.Bytes!);
        var offline = loaded.PredictBatch(inputs);
        var registered = (await f.Registry.LoadAsync(version)).PredictBatch(inputs);

        Assert.Equal(registered.Select(r => r["probability"]!.GetValue<double>()), offline.Select(r => r["probability"]!.GetValue<double>()));
        Assert.Equal(registered.Select(r => (string?)r["label"]), offline.Select(r => (string?)r["label"]));
        Assert.All(offline, r => Assert.Equal(version.Version, (int)r["version"]!));
        Assert.Equal((string?)offline[0]["label"], (string?)loaded.Predict(new { text = Texts[0] })["label"]);
    }

    [Fact]
    public async Task ExtractedFolder_LoadsAndVerifies_AndATamperedFileIsRefused()
    {
        var version = await RegisterAsync("package-folder");
        var package = await new ModelPackageBuilder(f.Artifacts, f.Store).BuildAsync(version);
        using var folder = Some.Folder();

        await package.ExtractToAsync(folder.Path);
        var loaded = RelearnModelPackage.Load(folder.Path);
        Assert.Equal("package-folder", loaded.Manifest.Name);
        Assert.Null(loaded.Archive.Digest);

        await File.AppendAllTextAsync(Path.Combine(folder.Path, "metrics.json"), " ");
        var refused = Assert.Throws<RelearnException>(() => PackageArchive.Read(folder.Path));
        Assert.Equal(RelearnErrorKind.InvalidInput, refused.Kind);
        Assert.Contains("fails its digest check: metrics.json has sha256", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AnEntryChangedInTheZip_IsRefusedNamingIt_Issue13()
    {
        var version = await RegisterAsync("package-tampered");
        var package = await new ModelPackageBuilder(f.Artifacts, f.Store).BuildAsync(version);
        using var tampered = new MemoryStream();
        tampered.Write(package.Bytes);
        using (var zip = new ZipArchive(tampered, ZipArchiveMode.Update, leaveOpen: true))
        {
            var card = zip.GetEntry("model-card.md")!;
            card.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("model-card.md").Open());
            writer.Write("# Model card: trust me");
        }

        var refused = Assert.Throws<RelearnException>(() => PackageArchive.Read(tampered.ToArray(), "tampered.zip"));

        Assert.Contains("tampered.zip fails its digest check: model-card.md has sha256", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAZip_IsOneInvalidInputLine()
    {
        var refused = Assert.Throws<RelearnException>(() => PackageArchive.Read("PK\u0003\u0004 this is not a zip"u8.ToArray(), "bad.zip"));

        Assert.Equal(RelearnErrorKind.InvalidInput, refused.Kind);
        Assert.StartsWith("bad.zip is not a valid model package: the zip is damaged", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AStoredModelArtifact_IsNotAPackage()
    {
        var version = await RegisterAsync("package-artifact");
        var artifact = await f.Artifacts.ReadBytesAsync(version.ModelDigest);

        var refused = Assert.Throws<RelearnException>(() => PackageArchive.Read(artifact, "model"));

        Assert.Contains("lacks name, task, classes or entries", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sentiment", false)]
    [InlineData("sentiment@production", false)]
    [InlineData("sentiment:3", false)]
    [InlineData("sentiment-v3.zip", true)]
    [InlineData("./pulled", true)]
    [InlineData("/tmp/pulled", true)]
    public void IsPackagePath_TellsPathsFromModelNames(string argument, bool expected) =>
        Assert.Equal(expected, PackageArchive.IsPackagePath(argument));

    private async Task<ModelVersion> RegisterAsync(string name) => await f.Registry.RegisterAsync(name, f.Good.RunId);
}
