using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Models;
using Relearn.Core.Quality;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Core.Training;

namespace Relearn.Core.Tests.Quality;

/// <summary>Real stores in a temp folder, the quality service over them, and one text classifier trained on yelp.</summary>
public sealed class QualityFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = Some.Folder();

    public SqliteMetadataStore Store { get; private set; } = null!;
    public LocalArtifactStore Artifacts { get; private set; } = null!;
    public ModelRegistry Registry { get; private set; } = null!;
    public ModelQuality Quality { get; private set; } = null!;
    public TrainingResult Trained { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = Some.Store(_folder);
        Artifacts = Some.Artifacts(_folder);
        var tasks = new ModelTaskCatalog([new TextClassificationTask()]);
        Registry = new ModelRegistry(Store, Store, Store, Artifacts, tasks);
        Quality = new ModelQuality(Registry, tasks, Artifacts, new QualityRecords(Store, Artifacts, Store, TimeProvider.System), Store, Store, Store);
        Trained = await new TextClassificationTraining(Artifacts, Store, Store, TimeProvider.System).TrainAsync("quality", [Some.Yelp], new TextClassificationOptions());
    }

    /// <summary>A fresh model name per test, so tests sharing the fixture never see each other's versions.</summary>
    public async Task<ModelVersion> RegisterAsync(string name) => await Registry.RegisterAsync(name, Trained.RunId);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
