using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Monitoring;
using Relearn.Core.Registry;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Monitoring.Reports;
using Relearn.Core.Monitoring.Tables;

namespace Relearn.Cli;

/// <summary><c>relearn monitor drift</c>: drift of current data against a reference, with Evidently's choice of tests.</summary>
internal static class MonitorCommand
{
    public static Command Create() => new("monitor", "Watch data and models: drift reports, feedback labels")
    {
        Drift(), Feedback(),
    };

    /// <summary><c>relearn monitor feedback MODEL --input FILE</c>: labels for earlier predictions, as the feedback endpoint takes them.</summary>
    private static Command Feedback()
    {
        var model = new Argument<string>("model") { Description = "The model name the predictions were made with" };
        var input = new Option<string>("--input") { Description = "JSON Lines of {\"prediction_id\", \"label\"}, or a JSON file with {\"items\": [...]} or an array", Required = true };
        var command = new Command("feedback", "Store labels for earlier predictions (joined by prediction_id)") { model, input };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var name = parse.GetValue(model)!;
            var items = ReadItems(parse.GetValue(input)!);
            // All checked before any is stored: the service checks a chunk at a time, so check every chunk first.
            var feedback = services.GetRequiredService<FeedbackService>();
            var total = 0;
            foreach (var chunk in items.Chunk(FeedbackRequest.MaxItems))
            {
                var body = new JsonObject { ["items"] = new JsonArray(chunk.Select(i => i.DeepClone()).ToArray()) };
                using var document = JsonDocument.Parse(body.ToJsonString());
                total += await feedback.SubmitAsync(name, document.RootElement, cancellationToken);
            }
            Console.Out.WriteLine($"accepted {total} labels for {name}");
            return 0;
        });
        return command;
    }

    private static List<JsonNode> ReadItems(string path)
    {
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"no such file: {path}");
        }
        var text = File.ReadAllText(path).Trim();
        try
        {
            if (text.StartsWith('[') || (text.StartsWith('{') && JsonNode.Parse(text) is JsonObject { } whole && whole.ContainsKey("items")))
            {
                var root = JsonNode.Parse(text)!;
                var array = root is JsonArray a ? a : root["items"] as JsonArray ?? throw RelearnException.Invalid("items must be an array");
                return array.Select((n, i) => n ?? throw RelearnException.Invalid($"item {i} is null")).ToList();
            }
        }
        catch (JsonException)
        {
            // Not one JSON document: read it as JSON Lines below.
        }
        var items = new List<JsonNode>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                items.Add(JsonNode.Parse(line) ?? throw RelearnException.Invalid($"{Path.GetFileName(path)} line {lineNumber} is null"));
            }
            catch (JsonException e)
            {
                throw RelearnException.Invalid($"{Path.GetFileName(path)} line {lineNumber} is not JSON: {e.Message}", e);
            }
        }
        return items.Count > 0 ? items : throw RelearnException.Invalid($"{Path.GetFileName(path)} holds no feedback items");
    }

    private static Command Drift()
    {
        var model = new Argument<string?>("model") { Description = "A registered model (name, name@alias, name:version); omit to compare two files", Arity = ArgumentArity.ZeroOrOne };
        var reference = new Option<string?>("--reference") { Description = "Reference table: CSV, TSV, JSON Lines or Parquet" };
        var current = new Option<string?>("--current") { Description = "Current table, same columns as the reference" };
        var since = new Option<string?>("--since") { Description = "With MODEL: predictions of this last span (30m, 24h, 7d); the default is 24h" };
        var last = new Option<int?>("--last") { Description = "With MODEL: the newest N predictions" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report to this file" };
        var stattest = new Option<string[]>("--stattest") { Description = "COL=TEST: ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, hellinger", AllowMultipleArgumentsPerToken = true };
        var threshold = new Option<string[]>("--threshold") { Description = "X for every column, or COL=X for one", AllowMultipleArgumentsPerToken = true };
        var driftShare = new Option<double>("--drift-share") { Description = "Share of drifted columns that means dataset drift", DefaultValueFactory = _ => 0.5 };
        var format = CliContext.Format();
        var command = new Command("drift", "Drift per column and for the dataset, as Evidently decides it")
        {
            model, reference, current, since, last, report, stattest, threshold, driftShare, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            if (parse.GetValue(model) is { } name)
            {
                if (parse.GetValue(reference) is not null)
                {
                    throw RelearnException.Invalid("--reference is for two files; a model's reference is its version's reference profile");
                }
                var window = Window(parse.GetValue(since), parse.GetValue(last), parse.GetValue(current));
                var modelOptions = Options(parse.GetValue(stattest) ?? [], parse.GetValue(threshold) ?? [], parse.GetValue(driftShare))
                    with { MinimumRows = ModelMonitor.DefaultMinimumRows };
                // Recorded as a tracking run (experiment monitor-MODEL), so the history of checks is queryable.
                var checkedReport = (await services.GetRequiredService<ModelMonitor>().CheckAsync(ModelReference.Parse(name), window, options: modelOptions, cancellationToken: cancellationToken)).Drift;
                if (parse.GetValue(report) is { } modelHtml)
                {
                    await File.WriteAllTextAsync(modelHtml, DriftReportHtml.Render(checkedReport,
                        $"Drift: {checkedReport.Model} version {checkedReport.Version}, {checkedReport.Window}, against its reference profile", checkedReport.Performance), cancellationToken);
                }
                Print(checkedReport, parse.GetValue(format));
                return 0;
            }
            if (parse.GetValue(since) is not null || parse.GetValue(last) is not null)
            {
                throw RelearnException.Invalid("--since and --last read a model's prediction log: name the model");
            }
            var referencePath = parse.GetValue(reference) ?? throw RelearnException.Invalid("--reference FILE is required when no model is named");
            var currentPath = parse.GetValue(current) ?? throw RelearnException.Invalid("--current FILE is required");
            var options = Options(parse.GetValue(stattest) ?? [], parse.GetValue(threshold) ?? [], parse.GetValue(driftShare));
            var result = await DriftTables.CompareFilesAsync(referencePath, currentPath, options, cancellationToken);
            if (parse.GetValue(report) is { } html)
            {
                await File.WriteAllTextAsync(html, DriftReportHtml.Render(result, $"Drift: {Path.GetFileName(currentPath)} against {Path.GetFileName(referencePath)}"), cancellationToken);
            }
            Print(result, parse.GetValue(format));
            return 0;
        });
        return command;
    }

    private static MonitorWindow Window(string? since, int? last, string? current)
    {
        if ((since is null ? 0 : 1) + (last is null ? 0 : 1) + (current is null ? 0 : 1) > 1)
        {
            throw RelearnException.Invalid("give one of --since, --last and --current");
        }
        return current is not null ? MonitorWindow.File(current)
            : last is { } n ? MonitorWindow.LastPredictions(n)
            : since is not null ? MonitorWindow.Since(MonitorWindow.ParseSpan(since))
            : MonitorWindow.Default;
    }

    internal static DriftOptions Options(string[] stattests, string[] thresholds, double driftShare)
    {
        var tests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in stattests)
        {
            var (column, test) = Split(pair, "--stattest");
            tests[column] = test;
        }
        var perColumn = new Dictionary<string, double>(StringComparer.Ordinal);
        double? all = null;
        foreach (var item in thresholds)
        {
            if (!item.Contains('=', StringComparison.Ordinal))
            {
                all = Number(item);
                continue;
            }
            var (column, value) = Split(item, "--threshold");
            perColumn[column] = Number(value);
        }
        if (driftShare is <= 0 or > 1)
        {
            throw RelearnException.Invalid("--drift-share must be in (0, 1]");
        }
        return new DriftOptions { StatTests = tests, Thresholds = perColumn, Threshold = all, DriftShare = driftShare };
    }

    private static (string Column, string Value) Split(string pair, string option)
    {
        var at = pair.LastIndexOf('=');
        if (at <= 0 || at == pair.Length - 1)
        {
            throw RelearnException.Invalid($"{option} takes COL=VALUE, not '{pair}'");
        }
        return (pair[..at], pair[(at + 1)..]);
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw RelearnException.Invalid($"'{text}' is not a number");

    private static void Print(DriftReport report, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, DriftJson.Indented));
            return;
        }
        Output.Table(["column", "type", "test", "statistic", "p_value", "threshold", "drift"], report.Columns.Select(c => new[]
        {
            c.Column, c.Type.ToString().ToLowerInvariant(), c.Test, c.Statistic is { } s ? Output.Number(s) : "-",
            c.PValue is { } p ? p.ToString("G4", CultureInfo.InvariantCulture) : "-", Output.Number(c.Threshold),
            c.Statistic is null ? "not enough data" : c.Drift ? "DRIFT" : "no",
        }));
        Console.Out.WriteLine(report.Verdict is { } verdict
            ? $"{verdict}: {report.DriftedColumns} of {report.Columns.Count} columns drifted"
            : $"dataset drift: {(report.DatasetDrift ? "yes" : "no")} ({report.DriftedColumns} of {report.Columns.Count} columns, share {Output.Number(report.Share)})");
    }
}
