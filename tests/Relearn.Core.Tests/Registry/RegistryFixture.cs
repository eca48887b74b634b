using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Models;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Training;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Registry;

/// <summary>Stores in a temp folder with two trained runs: a good model (all of yelp) and a weak one (40 rows).</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = Some.Folder();

    public SqliteMetadataStore Store { get; private set; } = null!;
    public LocalArtifactStore Artifacts { get; private set; } = null!;
    public ModelRegistry Registry { get; private set; } = null!;
    public TextClassificationTraining Training { get; private set; } = null!;
    public TrainingResult Good { get; private set; } = null!;
    public TrainingResult Weak { get; private set; } = null!;
    public string WeakFile { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = Some.Store(_folder);
        Artifacts = Some.Artifacts(_folder);
        Registry = new ModelRegistry(Store, Store, Store, Artifacts, new ModelTaskCatalog([new TextClassificationTask()]));
        Training = new TextClassificationTraining(Artifacts, Store, Store, TimeProvider.System);
        Good = await Training.TrainAsync("good", [Some.Yelp], new TextClassificationOptions());
        var lines = File.ReadAllLines(Some.Yelp);
        WeakFile = Some.File(_folder, "weak.txt", string.Join('\n', lines.Take(20).Concat(lines.TakeLast(20))));
        Weak = await Training.TrainAsync("weak", [WeakFile], new TextClassificationOptions { TestFraction = 0.25 });
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
