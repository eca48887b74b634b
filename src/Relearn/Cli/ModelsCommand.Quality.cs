using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Models;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;

namespace Relearn.Cli;

/// <summary><c>relearn models check|score</c>: behavioural and non-functional checks, the ML Test Score and its manual records.</summary>
internal static partial class ModelsCommand
{
    private static Command Check()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version" };
        var data = new Option<string[]>("--data") { Description = "Data to draw held-out inputs from (default: the version's held-out split)", AllowMultipleArgumentsPerToken = true };
        var minPassRate = new Option<double?>("--min-pass-rate") { Description = "Least pass rate of every MFT/INV/DIR test (default 0.8; LEAK is always 1)" };
        var maxP99 = new Option<double?>("--max-p99-ms") { Description = "Gate: slowest p99 single-prediction latency, ms" };
        var format = CliContext.Format();
        var command = new Command("check", "Behavioural (MFT/INV/DIR/LEAK) and non-functional (NFR) checks of a version; exits 1 when a test misses its gate")
        {
            model, data, minPassRate, maxP99, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var version = await services.GetRequiredService<ModelRegistry>().ResolveAsync(ModelReference.Parse(parse.GetValue(model)!), cancellationToken);
            var evaluationData = parse.GetValue(data) is { Length: > 0 } files
                ? services.GetRequiredService<ModelTaskCatalog>().Get(version.Task).ReadEvaluationData(files) : null;
            var rate = parse.GetValue(minPassRate);
            var thresholds = CheckThresholds.Read(name => name == "min_pass_rate" && rate is { } r ? r.ToString(CultureInfo.InvariantCulture) : null);
            var report = await services.GetRequiredService<ModelQuality>().CheckAsync(version, thresholds,
                new NonFunctionalThresholds(MaxP99Ms: parse.GetValue(maxP99)), evaluationData, cancellationToken: cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(report);
            }
            else
            {
                Output.Table(["kind", "test", "cases", "failures", "pass rate", "value", "gate", "passed"], report.Tests.Select(t => new[]
                {
                    t.Kind, t.Name, t.Cases.ToString(CultureInfo.InvariantCulture), t.Failures.ToString(CultureInfo.InvariantCulture), Output.Number(t.PassRate),
                    t.Value is { } v ? Output.Number(v) : "", t.Threshold is { } g ? Output.Number(g) : "", t.Passed ? "yes" : "NO",
                }), $"checks of {version.Name}:{version.Version}");
            }
            return report.Passed ? 0 : CliContext.Fail($"{version.Name}:{version.Version} fails {string.Join(", ", report.Failed.Select(t => t.Name))}");
        });
        return command;
    }

    private static Command Score()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version" };
        var manual = new Option<string[]>("--manual") { Description = "Record that a person did these tests (ids such as data-5), for all versions of the model", AllowMultipleArgumentsPerToken = true };
        var note = new Option<string?>("--note") { Description = "What was done and where the proof is (required with --manual)" };
        var format = CliContext.Format();
        var command = new Command("score", "The ML Test Score (Breck et al. 2017) of a version: 28 tests, automated, manual or missing, with their evidence")
        {
            model, manual, note, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var quality = services.GetRequiredService<ModelQuality>();
            var version = await services.GetRequiredService<ModelRegistry>().ResolveAsync(ModelReference.Parse(parse.GetValue(model)!), cancellationToken);
            if (parse.GetValue(manual) is { Length: > 0 } ids)
            {
                var list = ids.SelectMany(i => i.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
                if (TestScoreRubric.Unknown(list) is { Count: > 0 } unknown)
                {
                    throw RelearnException.Invalid($"unknown test id(s): {string.Join(", ", unknown)} (ids are data-1..7, model-1..7, infra-1..7, monitor-1..7)");
                }
                if (parse.GetValue(note) is not { Length: > 0 } text)
                {
                    throw RelearnException.Invalid("--manual needs --note saying what was done");
                }
                foreach (var id in list)
                {
                    await quality.Records.RecordManualAsync(version.Name, id, text, Actor(), cancellationToken);
                }
            }
            var report = await quality.ScoreAsync(version, cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(report);
                return 0;
            }
            Output.Table(["id", "status", "name", "evidence"], report.Tests.Select(t => new[] { t.Id, t.Status.ToString().ToLowerInvariant(), t.Name, t.Evidence }),
                string.Create(CultureInfo.InvariantCulture, $"ML Test Score of {version.Name}:{version.Version}: {report.Score:0.#} ({string.Join(", ", report.Sections.Select(s => $"{s.Key} {s.Value:0.#}"))})"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The <c>--min-test-score</c> guard of <c>models promote</c>: the refusal when the version scores below it, else null.
    /// </summary>
    private static async Task<PromotionResult?> TestScoreGuardAsync(IServiceProvider services, ModelReference reference, string alias, double? minimum, bool force,
        CancellationToken cancellationToken) =>
        force || minimum is not { } bar ? null
        : await services.GetRequiredService<ModelQuality>().GuardAsync(await services.GetRequiredService<ModelRegistry>().ResolveAsync(reference, cancellationToken), alias, bar, cancellationToken);
}
