using System.CommandLine;
using Relearn.Core;
using Relearn.GitHub.Tasks.IssueClose;
using Relearn.GitHub.Tasks.ReviewAssist;

namespace Relearn.Cli;

/// <summary>
/// <c>relearn quickstart</c>: every reference pipeline (<c>sentiment</c>, <c>issue-close</c>, <c>review-assist</c>) on the shipped samples,
/// offline, through the pipeline runner — trained, registered, promoted. A second quickstart with nothing changed
/// reuses every cached stage.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var command = new Command("quickstart", "Run the reference pipelines (sentiment, issue-close, review-assist) on the shipped samples: train, register, promote (no network)");
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            foreach (var sample in new[] { "sentiment/yelp_labelled.txt", "sentiment/amazon_cells_labelled.txt", "github/huggingface-datasets-issues-2020-2023.jsonl.gz", "code-review/cls-diff_estimation_1_100.jsonl" })
            {
                var path = Path.Combine(AppContext.BaseDirectory, "samples", sample);
                if (!File.Exists(path))
                {
                    throw RelearnException.NotFound($"the shipped samples are missing from {Path.GetDirectoryName(path)}; rebuild relearn");
                }
            }
            Console.WriteLine($"Relearn home: {CliContext.Location(parse).Home}");
            foreach (var pipeline in new[] { "sentiment", IssueCloseTraining.Name, ReviewAssistTraining.Name })
            {
                var result = await PipelineCommand.RunBuiltInAsync(services, pipeline, "quickstart", cancellationToken);
                if (!result.Succeeded)
                {
                    return CliContext.Fail($"pipeline {pipeline} run {result.Run.Id} {result.Run.State.ToString().ToLowerInvariant()}: {result.Run.Error}");
                }
            }
            Console.WriteLine();
            Console.WriteLine("Next: relearn serve --urls http://127.0.0.1:5080  then open http://127.0.0.1:5080/");
            return 0;
        }, movesAliases: true);
        return command;
    }
}
