using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Storage;
using Relearn.Core.Training.Embeddings;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Core.Tests.Tasks.TextClassification;

/// <summary>The two shipped sentiment sources as domains, and an embedding classifier trained on yelp.</summary>
public sealed class SentimentDomains
{
    public SentimentDomains()
    {
        Yelp = LabelledTextReader.ReadFiles([Some.Yelp]);
        Amazon = LabelledTextReader.ReadFiles([Some.Amazon]);
        Domains = [new TextDomain("yelp", Yelp), new TextDomain("amazon", Amazon)];
        Features = new EmbeddingFeatures(lexicon: true);
        YelpModel = TextClassifierTrainer.Train(Yelp, new TextClassificationOptions { Featurizer = TextFeaturizer.Embeddings }, Features);
    }

    public IReadOnlyList<LabelledText> Yelp { get; }
    public IReadOnlyList<LabelledText> Amazon { get; }
    public IReadOnlyList<TextDomain> Domains { get; }
    internal EmbeddingFeatures Features { get; }
    public TextClassifier YelpModel { get; }
}

public sealed class EmbeddingClassifierTests(SentimentDomains data) : IClassFixture<SentimentDomains>
{
    [Fact]
    public void Embeddings_with_lexicon_reach_085_accuracy_on_the_domain_they_never_saw_and_beat_tfidf_Issue12()
    {
        // The goal of issue 12: >= 0.85 on a domain the model never saw (train on yelp, test on amazon, and the reverse).
        var embeddings = LeaveOneDomainOut.Evaluate(data.Domains, new TextClassificationOptions { Featurizer = TextFeaturizer.Embeddings }, data.Features);
        var tfidf = LeaveOneDomainOut.Evaluate(data.Domains, new TextClassificationOptions(), null);

        Assert.Equal(["yelp", "amazon"], embeddings.Folds.Select(f => f.Domain));
        Assert.All(embeddings.Folds, f => Assert.Equal(1000, f.Rows));
        Assert.True(embeddings.Accuracy >= 0.85, $"leave-one-domain-out accuracy {embeddings.Accuracy:0.000}");
        Assert.True(embeddings.Accuracy > tfidf.Accuracy, $"embeddings {embeddings.Accuracy:0.000} vs tfidf {tfidf.Accuracy:0.000}");
    }

    [Fact]
    public void The_lexicon_rule_alone_scores_between_chance_and_the_trained_models()
    {
        var lexicon = LeaveOneDomainOut.Lexicon(data.Domains);

        Assert.Equal(LeaveOneDomainOut.LexiconCandidate, lexicon.Candidate);
        Assert.InRange(lexicon.Accuracy, 0.75, 0.9);
    }

    [Fact]
    public void Package_names_the_encoder_by_digest_instead_of_embedding_the_onnx_file()
    {
        var package = data.YelpModel.ToPackage();

        // A few KB of weights, not the 90 MB model.
        Assert.InRange(package.Length, 1, 64 * 1024);
        var (_, model) = ModelPackage.Unpack(package);
        var json = JsonNode.Parse(Encoding.UTF8.GetString(model))!;
        Assert.Equal(TextEmbedder.ModelName, (string?)json["encoder"]!["name"]);
        Assert.Equal(TextEmbedder.Shared.Digest, (string?)json["encoder"]!["digest"]);
        Assert.Equal(TextEmbedder.Dimensions + 4, json["weights"]!.AsArray().Count);
    }

    [Fact]
    public void A_loaded_package_predicts_what_the_trained_model_predicts()
    {
        var texts = data.Amazon.Take(50).Select(r => r.Text).ToList();

        var loaded = TextClassifier.FromPackage(data.YelpModel.ToPackage());

        Assert.Equal("embeddings", loaded.Featurizer);
        Assert.True(loaded.PrefersBatches);
        Assert.Equal(data.YelpModel.PredictBatch(texts), loaded.PredictBatch(texts));
        Assert.Equal(data.YelpModel.Predict(texts[0]), loaded.PredictBatch(texts)[0]);
    }

    [Fact]
    public void A_package_for_another_encoder_is_refused_with_a_reason()
    {
        var (manifest, model) = ModelPackage.Unpack(data.YelpModel.ToPackage());
        var other = Encoding.UTF8.GetString(model).Replace(TextEmbedder.Shared.Digest, "sha256:" + new string('0', 64), StringComparison.Ordinal);

        var e = Assert.Throws<RelearnException>(() => TextClassifier.FromPackage(ModelPackage.Pack(manifest, Encoding.UTF8.GetBytes(other))));

        Assert.Equal(RelearnErrorKind.InvalidInput, e.Kind);
        Assert.Contains("needs the encoder all-MiniLM-L6-v2 sha256:0000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_accept_only_logistic_regression()
    {
        var e = Assert.Throws<RelearnException>(() => new TextClassificationOptions { Featurizer = TextFeaturizer.Embeddings, Trainer = TextTrainer.LightGbm }.Validate());

        Assert.Contains("lbfgs", e.Message, StringComparison.Ordinal);
    }
}

public sealed class AutoFeaturizerTrainingTests
{
    [Fact]
    public async Task Auto_picks_by_leave_one_domain_out_accuracy_and_records_protocol_and_baselines_Issue12()
    {
        using var folder = Some.Folder();
        var store = Some.Store(folder);
        var artifacts = Some.Artifacts(folder);
        try
        {
            var training = new TextClassificationTraining(artifacts, store, store, TimeProvider.System);

            var result = await training.TrainAsync("sentiment", [Some.Yelp, Some.Amazon], new TextClassificationOptions { Featurizer = TextFeaturizer.Auto });

            Assert.True(result.Metrics["lodo_accuracy"] >= 0.85);
            Assert.Equal(result.Metrics["lodo_accuracy_embeddings"], result.Metrics["lodo_accuracy"]);
            Assert.True(result.Metrics["lodo_accuracy"] > result.Metrics["lodo_accuracy_tfidf"]);
            Assert.True(result.Metrics["lodo_accuracy"] > result.Metrics["lodo_accuracy_lexicon"]);
            Assert.Contains("lodo_accuracy_yelp_labelled", result.Metrics.Keys);
            Assert.Contains("lodo_accuracy_amazon_cells_labelled", result.Metrics.Keys);
            var run = await store.GetRunAsync(result.RunId);
            Assert.Equal("embeddings", run!.Params["featurizer"]);
            Assert.Equal("leave-one-domain-out accuracy", run.Params["selected_by"]);
            var card = await artifacts.ReadTextAsync(run.Artifacts.Single(a => a.Path == "model-card.md").Digest);
            Assert.Contains("## Evaluation protocol", card, StringComparison.Ordinal);
            Assert.Contains("Baselines it beat on the same data and protocol: tfidf", card, StringComparison.Ordinal);
            Assert.Contains("lexicon", card, StringComparison.Ordinal);
            Assert.Equal("embeddings", TextClassifier.FromPackage(await artifacts.ReadBytesAsync(result.ModelDigest)).Featurizer);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Auto_with_a_single_file_is_refused_before_anything_is_tracked()
    {
        using var folder = Some.Folder();
        var store = Some.Store(folder);
        try
        {
            var training = new TextClassificationTraining(Some.Artifacts(folder), store, store, TimeProvider.System);

            var e = await Assert.ThrowsAsync<RelearnException>(() => training.TrainAsync("sentiment", [Some.Yelp], new TextClassificationOptions { Featurizer = TextFeaturizer.Auto }));

            Assert.Contains("two or more data files", e.Message, StringComparison.Ordinal);
            Assert.Null(await store.GetExperimentByNameAsync("sentiment"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
