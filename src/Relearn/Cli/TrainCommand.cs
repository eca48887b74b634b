using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using Relearn.Core.Training;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Cli;

/// <summary><c>relearn train sentiment --data FILE...</c>: a tracked training run, registered as a new model version.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model for a task and register it");
        train.Add(Sentiment());
        train.Add(TrainIssueCloseCommand.Create());
        return train;
    }

    private static Command Sentiment()
    {
        var data = new Option<string[]>("--data") { Description = "Labelled text files: text<TAB>label (0/1) lines, a TSV with a header, or JSON Lines", Required = true, AllowMultipleArgumentsPerToken = true };
        var testData = new Option<string[]>("--test-data") { Description = "Evaluate on these files and train on all of --data (default: hold out a stratified split)", AllowMultipleArgumentsPerToken = true };
        var model = new Option<string>("--model") { Description = "Registered model name", DefaultValueFactory = _ => "sentiment" };
        var trainer = new Option<TextTrainer>("--trainer") { Description = "lbfgs or sdca (logistic regression), or lightgbm", DefaultValueFactory = _ => TextTrainer.Lbfgs };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the trainer", DefaultValueFactory = _ => 42 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of each class held out for evaluation", DefaultValueFactory = _ => 0.2 };
        var wordNgrams = new Option<int>("--word-ngrams") { Description = "Longest word n-gram", DefaultValueFactory = _ => 2 };
        var charNgrams = new Option<int>("--char-ngrams") { Description = "Longest character n-gram (0 = none)", DefaultValueFactory = _ => 5 };
        var l2 = new Option<float?>("--l2") { Description = "L2 regularization of lbfgs (default 0.1) or sdca (default: chosen by ML.NET)" };
        var classes = new Option<string>("--classes") { Description = "Names of the 0 and 1 classes", DefaultValueFactory = _ => "negative,positive" };
        var noRegister = new Option<bool>("--no-register") { Description = "Track the run but do not register a model version" };
        var promote = new Option<string?>("--promote") { Description = "After registering, promote to this alias (refused if worse than its holder)" };
        var format = CliContext.Format();

        var command = new Command("sentiment", "Text classification (TF-IDF word and character n-grams + logistic regression or LightGBM)")
        {
            data, testData, model, trainer, seed, testFraction, wordNgrams, charNgrams, l2, classes, noRegister, promote, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var name = ModelReference.RequireName(parse.GetValue(model), "model name");
            var options = new TextClassificationOptions
            {
                Trainer = parse.GetValue(trainer),
                Seed = parse.GetValue(seed),
                TestFraction = parse.GetValue(testFraction),
                WordNgrams = parse.GetValue(wordNgrams),
                CharNgrams = parse.GetValue(charNgrams),
                L2Regularization = parse.GetValue(l2),
                Classes = parse.GetValue(classes)!.Split(',', StringSplitOptions.TrimEntries),
            };
            var json = parse.GetValue(format) == OutputFormat.Json;
            var outcome = await TrainAndRegisterAsync(services, name, parse.GetValue(data)!, options, !parse.GetValue(noRegister),
                parse.GetValue(promote), json, cancellationToken, parse.GetValue(testData));
            if (json)
            {
                Output.Json(outcome);
            }
            return outcome.Promotion is { Refusal: not null } refused
                ? CliContext.Fail($"{refused.Reason} (relearn models promote {name}:{refused.Challenger} --force promotes it anyway)")
                : 0;
        }, movesAliases: true);
        return command;
    }

    /// <summary>What a train verb did, as printed with --format json.</summary>
    internal sealed record TrainOutcome(string RunId, string Dataset, IReadOnlyDictionary<string, double> Metrics, int? Version, PromotionResult? Promotion);

    internal static async Task<TrainOutcome> TrainAndRegisterAsync(IServiceProvider services, string name, IReadOnlyList<string> files,
        TextClassificationOptions options, bool register, string? promoteTo, bool quiet, CancellationToken cancellationToken, IReadOnlyList<string>? testFiles = null)
    {
        var training = services.GetRequiredService<TextClassificationTraining>();
        var registry = services.GetRequiredService<ModelRegistry>();
        TrainingResult result = quiet
            ? await training.TrainAsync(name, files, options, null, testFiles, cancellationToken)
            : await Output.WithProgress($"train {name}", progress => training.TrainAsync(name, files, options, progress, testFiles, cancellationToken));
        var version = register ? await registry.RegisterAsync(name, result.RunId, cancellationToken) : null;
        var promotion = version is not null && promoteTo is not null
            ? await registry.PromoteAsync(name, version.Version, promoteTo, cancellationToken: cancellationToken)
            : null;
        if (!quiet)
        {
            Output.Table(["run", "dataset", "accuracy", "auc", "f1 (macro)", "logloss", "version"],
                [[result.RunId, result.Dataset.Id, Output.Number(result.Metrics["accuracy"]), Output.Number(result.Metrics["auc"]),
                  Output.Number(result.Metrics["f1_macro"]), Output.Number(result.Metrics["logloss"]), version is null ? "-" : $"{name}:{version.Version}"]]);
            if (promotion is not null)
            {
                Console.WriteLine(promotion.Reason);
            }
        }
        return new TrainOutcome(result.RunId, result.Dataset.Id, result.Metrics, version?.Version, promotion);
    }
}
