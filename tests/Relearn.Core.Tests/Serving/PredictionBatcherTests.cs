using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Relearn.Core.Models;
using Relearn.Core.Serving;

namespace Relearn.Core.Tests.Serving;

public class PredictionBatcherTests
{
    /// <summary>
    /// A model that records the size of every batch and can hold a batch until released, so a test decides what is
    /// waiting when the next batch is taken. Inputs with "bad" fail validation, as a real model's do.
    /// </summary>
    private sealed class GatedModel : IServableModel
    {
        public readonly SemaphoreSlim Release = new(0);
        public readonly SemaphoreSlim Entered = new(0);
        public readonly List<int> Batches = [];
        public bool Gate { get; set; } = true;

        public ModelManifest Manifest => new("test", ["a", "b"], "text:string", "echo:string");

        public bool PrefersBatches => true;

        public JsonObject Predict(JsonElement input) => PredictBatch([input])[0];

        public IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs)
        {
            lock (Batches)
            {
                Batches.Add(inputs.Count);
            }
            if (Gate)
            {
                Entered.Release();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
            var text = inputs.Select(i => i.GetProperty("text").GetString()!).ToList();
            var bad = text.FindIndex(t => t.Contains("bad", StringComparison.Ordinal));
            if (bad >= 0)
            {
                throw RelearnException.Invalid($"instances[{bad}].text is bad");
            }
            return text.Select(t => new JsonObject { ["echo"] = t }).ToList();
        }
    }

    private static PredictionBatcher Batcher(int capacity = 256, int maxBatch = 32) =>
        new(Options.Create(new ServingOptions { QueueCapacity = capacity, MaxMicroBatchSize = maxBatch, BatchWindow = TimeSpan.FromMilliseconds(2) }), TimeProvider.System);

    private static JsonElement Input(string text) => JsonDocument.Parse(JsonSerializer.Serialize(new { text })).RootElement;

    [Fact]
    public async Task Requests_that_wait_while_a_batch_runs_are_scored_together_as_one_batch_Issue12()
    {
        var model = new GatedModel();
        var batcher = Batcher();
        var first = batcher.PredictAsync(model, Input("first"));
        Assert.True(await model.Entered.WaitAsync(TimeSpan.FromSeconds(30)));

        var waiting = Enumerable.Range(0, 5).Select(i => batcher.PredictAsync(model, Input($"t{i}"))).ToList();
        model.Gate = false;
        model.Release.Release();

        Assert.Equal("first", (string?)(await first)["echo"]);
        var answers = await Task.WhenAll(waiting);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"t{i}"), answers.Select(a => (string?)a["echo"]));
        Assert.Equal([1, 5], model.Batches);
    }

    [Fact]
    public async Task A_full_queue_answers_busy_at_once_instead_of_waiting_Issue12()
    {
        var model = new GatedModel();
        var batcher = Batcher(capacity: 2);
        var first = batcher.PredictAsync(model, Input("first"));
        Assert.True(await model.Entered.WaitAsync(TimeSpan.FromSeconds(30)));
        var queued = new[] { batcher.PredictAsync(model, Input("a")), batcher.PredictAsync(model, Input("b")) };

        var e = await Assert.ThrowsAsync<ServerBusyException>(() => batcher.PredictAsync(model, Input("c")));

        Assert.True(e.RetryAfter > TimeSpan.Zero);
        model.Gate = false;
        model.Release.Release();
        await first;
        await Task.WhenAll(queued);
    }

    [Fact]
    public async Task One_bad_input_fails_only_its_own_request_not_the_others_batched_with_it()
    {
        var model = new GatedModel();
        var batcher = Batcher();
        var first = batcher.PredictAsync(model, Input("first"));
        Assert.True(await model.Entered.WaitAsync(TimeSpan.FromSeconds(30)));
        var good = batcher.PredictAsync(model, Input("good"));
        var bad = batcher.PredictAsync(model, Input("bad one"));
        model.Gate = false;
        model.Release.Release();
        await first;

        Assert.Equal("good", (string?)(await good)["echo"]);
        var e = await Assert.ThrowsAsync<RelearnException>(() => bad);
        Assert.Equal(RelearnErrorKind.InvalidInput, e.Kind);
    }

    [Fact]
    public async Task Batches_never_exceed_the_configured_size()
    {
        var model = new GatedModel();
        var batcher = Batcher(maxBatch: 4);
        var first = batcher.PredictAsync(model, Input("first"));
        Assert.True(await model.Entered.WaitAsync(TimeSpan.FromSeconds(30)));
        var waiting = Enumerable.Range(0, 10).Select(i => batcher.PredictAsync(model, Input($"t{i}"))).ToList();
        model.Gate = false;
        model.Release.Release();

        await first;
        await Task.WhenAll(waiting);

        Assert.Equal(11, model.Batches.Sum());
        Assert.All(model.Batches, size => Assert.InRange(size, 1, 4));
    }

    [Fact]
    public void Only_models_that_prefer_batches_are_batched_and_only_when_enabled()
    {
        var model = new GatedModel();

        Assert.True(Batcher().Applies(model));
        Assert.False(new PredictionBatcher(Options.Create(new ServingOptions { MicroBatching = false }), TimeProvider.System).Applies(model));
    }
}
