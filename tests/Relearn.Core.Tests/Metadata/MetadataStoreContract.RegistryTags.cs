using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Webhooks;

namespace Relearn.Core.Tests.Metadata;

public abstract partial class MetadataStoreContract<TStore>
    where TStore : ITrackingStore, IDatasetCatalog, IModelRegistryStore, IWebhookStore
{
    [Fact]
    public async Task RegistryTags_SetOverwriteDelete_OnModelsAndVersions()
    {
        await Store.CreateModelAsync("tagged", null);
        await Store.CreateExternalVersionAsync("tagged", "s3://b/m1", null, null);
        await Store.CreateExternalVersionAsync("tagged", "s3://b/m2", null, null);

        await Store.SetModelTagAsync("tagged", "team", "search");
        await Store.SetModelTagAsync("tagged", "team", "ads");
        await Store.SetModelTagAsync("tagged", "owner", "kim");
        await Store.SetVersionTagAsync("tagged", 1, "validated", "yes");
        await Store.SetVersionTagAsync("tagged", 2, "validated", "no");
        await Store.DeleteModelTagAsync("tagged", "owner");
        await Store.DeleteModelTagAsync("tagged", "never-set");
        await Store.DeleteVersionTagAsync("tagged", 2, "validated");

        Assert.Equal(new Dictionary<string, string> { ["team"] = "ads" }, await Store.GetModelTagsAsync("tagged"));
        Assert.Equal(new Dictionary<string, string> { ["validated"] = "yes" }, await Store.GetVersionTagsAsync("tagged", 1));
        Assert.Empty(await Store.GetVersionTagsAsync("tagged", 2));
    }

    [Fact]
    public async Task RegistryTags_OnAMissingModelOrVersion_AreNotFound_AndGoWithTheirOwner()
    {
        await Store.CreateModelAsync("owner", null);
        await Store.CreateExternalVersionAsync("owner", "s3://b/m", null, null);
        await Store.SetModelTagAsync("owner", "k", "v");
        await Store.SetVersionTagAsync("owner", 1, "k", "v");

        foreach (var write in new Func<Task>[]
        {
            () => Store.SetModelTagAsync("nobody", "k", "v"),
            () => Store.DeleteModelTagAsync("nobody", "k"),
            () => Store.SetVersionTagAsync("owner", 9, "k", "v"),
            () => Store.DeleteVersionTagAsync("owner", 9, "k"),
            () => Store.SetVersionTagAsync("nobody", 1, "k", "v"),
        })
        {
            Assert.Equal(RelearnErrorKind.NotFound, (await Assert.ThrowsAsync<RelearnException>(write)).Kind);
        }

        await Store.DeleteVersionAsync("owner", 1);
        await Store.DeleteModelAsync("owner");
        Assert.Empty(await Store.GetVersionTagsAsync("owner", 1));
        Assert.Empty(await Store.GetModelTagsAsync("owner"));
        await Store.CreateModelAsync("owner", null);
        Assert.Empty(await Store.GetModelTagsAsync("owner"));
    }
}
