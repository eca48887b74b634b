// Scores inputs with a Relearn model package in a program of your own, without a Relearn server or store:
//
//   relearn models pull sentiment@production --server http://relearn.internal:5080 --output ./sentiment
//   dotnet run --project samples/PackageScoring -- ./sentiment inputs.jsonl
//
// PACKAGE is the folder `models pull` wrote or the zip GET /api/v1/models/{name}/versions/{v}/package returns;
// INPUTS is JSON Lines, one input object a line ({"text": "..."} for sentiment, a GitHub issue for issue-close).
// Each prediction is printed as one JSON line, as `relearn predict` prints them.
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Packages;
using Relearn.Core.Tasks.TextClassification;
using Relearn.GitHub.Tasks.IssueClose;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PackageScoring PACKAGE.zip|FOLDER INPUTS.jsonl");
    return 2;
}
try
{
    // The tasks this program can load: the package's relearn-model.json names the one it needs.
    var package = RelearnModelPackage.Load(args[0], new TextClassificationTask(), new IssueCloseTask());
    var manifest = package.Manifest;
    Console.Error.WriteLine($"{manifest.Name}:{manifest.Version} ({manifest.Task}, registered {manifest.Created:yyyy-MM-dd}), sha256 {package.Archive.Digest ?? "of each entry checked"}");

    var inputs = File.ReadLines(args[1]).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement).ToList();
    foreach (var prediction in package.PredictBatch(inputs))
    {
        Console.WriteLine(prediction.ToJsonString());
    }
    return 0;
}
catch (Exception e) when (e is RelearnException or IOException or JsonException)
{
    Console.Error.WriteLine($"PackageScoring: {e.Message}");
    return 1;
}
