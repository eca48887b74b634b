using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Training.Tuning;
using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.Cli;

/// <summary>
/// <c>relearn train issue-close</c>: TPE-tuned LightGBM on at-open issue features, time-ordered evaluation, the
/// quality alert, then a registry version with <c>latest</c> moved, <c>production</c> promoted if not worse, and an export.
/// </summary>
internal static class TrainIssueCloseCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Raw GitHub issue JSON Lines files (plain or .gz), as the /issues API returns them", AllowMultipleArgumentsPerToken = true };
        var dataset = new Option<string?>("--dataset") { Description = "A crawled dataset instead of files, e.g. github/OWNER/NAME/issues[:VERSION]" };
        var model = new Option<string>("--model") { Description = "Registered model name", DefaultValueFactory = _ => IssueCloseTraining.Name };
        var trials = new Option<int>("--trials") { Description = "Hyperparameter trials (TPE)", DefaultValueFactory = _ => 30 };
        var parallelism = new Option<int>("--parallelism") { Description = "Trials at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var executor = new Option<string>("--executor")
        {
            Description = "Where trials run: in-process, or hangfire (as jobs for relearn worker processes; needs --store postgresql://...)",
            DefaultValueFactory = _ => "in-process",
        }.AcceptOnlyFromAmong("in-process", "hangfire");
        var trialLease = new Option<int>("--trial-lease") { Description = "With --executor hangfire: seconds before a trial whose worker stopped answering runs again elsewhere", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 42 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Newest share of issues held out for the test", DefaultValueFactory = _ => 0.2 };
        var alertBelow = new Option<double>("--alert-below") { Description = "Fail red and alert when the test AUC is below this", DefaultValueFactory = _ => 0.60 };
        var webhook = new Option<Uri?>("--alert-webhook") { Description = "POST the alert as JSON to this URL" };
        var format = CliContext.Format();
        var command = new Command("issue-close", "Will a newly opened GitHub issue be closed within 7 days? (tuned gradient boosting)")
        {
            data, dataset, model, trials, parallelism, executor, trialLease, seed, testFraction, alertBelow, webhook, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var options = new IssueCloseTrainingOptions
            {
                Trials = parse.GetValue(trials),
                Parallelism = parse.GetValue(parallelism),
                Executor = parse.GetValue(executor) == "hangfire" ? TrialExecutor.Hangfire : TrialExecutor.InProcess,
                TrialLease = TimeSpan.FromSeconds(parse.GetValue(trialLease)),
                Seed = parse.GetValue(seed),
                TestFraction = parse.GetValue(testFraction),
                AlertBelowAuc = parse.GetValue(alertBelow),
                AlertWebhook = parse.GetValue(webhook),
            };
            var files = parse.GetValue(data) ?? [];
            var datasetName = parse.GetValue(dataset);
            if ((files.Length == 0) == (datasetName is null))
            {
                throw RelearnException.Invalid("give either --data FILE... or --dataset NAME[:VERSION]");
            }
            var json = parse.GetValue(format) == OutputFormat.Json;
            var outcome = await RunAsync(services, ModelReference.RequireName(parse.GetValue(model), "model name"), files, datasetName, options, json, cancellationToken);
            if (json)
            {
                Output.Json(outcome);
            }
            return outcome.Alert is null ? 0 : CliContext.Fail($"quality alert: {outcome.Alert}");
        }, movesAliases: true);
        return command;
    }

    /// <summary>What the verb did, as printed with --format json.</summary>
    internal sealed record Outcome(string RunId, string Dataset, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> BestParams,
        string Skipped, int? Version, PromotionResult? Promotion, string? Alert);

    internal static async Task<Outcome> RunAsync(IServiceProvider services, string name, IReadOnlyList<string> files, string? datasetName,
        IssueCloseTrainingOptions options, bool quiet, CancellationToken cancellationToken)
    {
        var training = services.GetRequiredService<IssueCloseTraining>();
        Task<IssueCloseTrainingResult> Train(IProgress<string>? progress) => datasetName is null
            ? training.TrainFromFilesAsync(files, options, progress, cancellationToken)
            : TrainFromDatasetAsync(services, training, datasetName, options, progress, cancellationToken);
        var result = quiet ? await Train(null) : await Output.WithProgress($"train {name}", Train);

        ModelVersion? version = null;
        PromotionResult? promotion = null;
        if (result.Alert is null)
        {
            var registry = services.GetRequiredService<ModelRegistry>();
            version = await registry.RegisterAsync(name, result.Training.RunId, cancellationToken);
            await registry.PromoteAsync(name, version.Version, "latest", force: true, actor: "train", cancellationToken: cancellationToken);
            promotion = await registry.PromoteAsync(name, version.Version, ModelRegistry.DefaultAlias, actor: "train", cancellationToken: cancellationToken);
            await services.GetRequiredService<ModelExporter>().ExportAsync(version, cancellationToken);
        }
        var metrics = result.Training.Metrics;
        if (!quiet)
        {
            Output.Table(["run", "dataset", "test auc", "pr auc", "logloss", "n", "best val auc", "version"],
                [[result.Training.RunId, result.Training.Dataset.Id, Output.Number(metrics["auc"]), Output.Number(metrics["pr_auc"]),
                  Output.Number(metrics["logloss"]), Output.Number(metrics["n"]), Output.Number(result.BestValidationAuc),
                  version is null ? "-" : $"{name}:{version.Version}"]]);
            Console.WriteLine($"skipped: {result.Skips}");
            if (promotion is not null)
            {
                Console.WriteLine(promotion.Promoted ? promotion.Reason : $"{name}@production kept: {promotion.Reason}");
            }
        }
        return new Outcome(result.Training.RunId, result.Training.Dataset.Id, metrics, result.BestParams, result.Skips.ToString(),
            version?.Version, promotion, result.Alert?.Message);
    }

    private static async Task<IssueCloseTrainingResult> TrainFromDatasetAsync(IServiceProvider services, IssueCloseTraining training, string reference,
        IssueCloseTrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var dataset = await DatasetsCommand.ResolveAsync(services.GetRequiredService<IDatasetCatalog>(), reference, cancellationToken);
        return await training.TrainFromDatasetAsync(dataset, options, progress, cancellationToken);
    }
}
