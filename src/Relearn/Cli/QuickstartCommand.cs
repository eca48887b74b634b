using System.CommandLine;
using Relearn.Core;
using Relearn.Core.Training.TextClassification;
using Relearn.GitHub.IssueClose;

namespace Relearn.Cli;

/// <summary><c>relearn quickstart</c>: every reference pipeline on the shipped samples, offline — trained, registered, promoted.</summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var command = new Command("quickstart", "Train, register and promote the reference models (sentiment, issue-close) from the shipped samples (no network)");
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var samples = Path.Combine(AppContext.BaseDirectory, "samples", "sentiment");
            string[] files = [Path.Combine(samples, "yelp_labelled.txt"), Path.Combine(samples, "amazon_cells_labelled.txt")];
            if (!files.All(File.Exists))
            {
                throw RelearnException.NotFound($"the shipped samples are missing from {samples}; rebuild relearn");
            }
            var location = CliContext.Location(parse);
            Console.WriteLine($"Relearn home: {location.Home}");
            var outcome = await TrainCommand.TrainAndRegisterAsync(services, "sentiment", files, new TextClassificationOptions(),
                register: true, promoteTo: "production", quiet: false, cancellationToken);
            if (outcome.Promotion is { Promoted: false, ChallengerScore: not null } refused)
            {
                Console.WriteLine($"sentiment@production kept: {refused.Reason}");
            }

            var issues = Path.Combine(AppContext.BaseDirectory, "samples", "github", "huggingface-datasets-issues-2020-2023.jsonl.gz");
            if (!File.Exists(issues))
            {
                throw RelearnException.NotFound($"the shipped samples are missing from {Path.GetDirectoryName(issues)}; rebuild relearn");
            }
            var issueClose = await TrainIssueCloseCommand.RunAsync(services, IssueCloseTraining.Name, [issues], null, new IssueCloseTrainingOptions(), quiet: false, cancellationToken);
            if (issueClose.Alert is not null)
            {
                return CliContext.Fail($"quality alert: {issueClose.Alert}");
            }
            Console.WriteLine();
            Console.WriteLine("Next: relearn serve --urls http://127.0.0.1:5080  then open http://127.0.0.1:5080/");
            return 0;
        }, movesAliases: true);
        return command;
    }
}
