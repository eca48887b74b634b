using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using Relearn.Core.Rollout;

namespace Relearn.Cli;

/// <summary><c>relearn models rollout status|start|promote|abort MODEL</c>: staged rollouts from the command line.</summary>
internal static class ModelsRolloutCommand
{
    public static Command Create() => new("rollout", "Staged rollouts: staging → canary/shadow → production, gated on live labelled quality, error rate and latency")
    {
        Status(), Start(), Promote(), Abort(),
    };

    private static Command Status()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var format = CliContext.Format();
        var command = new Command("status", "The live rollout (stage, traffic share, both sides' counts and metrics so far) and past decisions") { model, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var status = await services.GetRequiredService<RolloutService>().StatusAsync(Name(parse, model), cancellationToken: cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(status);
                return 0;
            }
            if (status.Live is { } live && status.Evidence is { } evidence)
            {
                Output.Table(["", "value"],
                [
                    ["stage", live.Stage],
                    ["share", live.Mode == RolloutStage.Canary ? Output.Number(live.Share) : "shadow: every request"],
                    ["started", Output.Time(live.StartedAt)],
                    ["gate", string.Create(CultureInfo.InvariantCulture,
                        $"{live.Settings.MinRequests} requests, {live.Settings.MinLabels} labels, {live.Settings.MinDuration ?? TimeSpan.Zero} .. {live.Settings.Deadline}, {live.Settings.Metric} margin {live.Settings.MetricMargin}")],
                ], $"{status.Model}: rollout of version {live.Challenger} against {live.Champion}");
                Output.Table(["side", "version", "requests", "errors", "p99 ms", "labels", live.Settings.Metric],
                    new[] { ("champion", evidence.Champion), ("challenger", evidence.Challenger) }.Select(s => new[]
                    {
                        s.Item1, s.Item2.Version?.ToString(CultureInfo.InvariantCulture) ?? "-", s.Item2.Requests.ToString(CultureInfo.InvariantCulture),
                        s.Item2.Errors.ToString(CultureInfo.InvariantCulture), s.Item2.P99Ms is { } p ? Output.Number(p) : "-",
                        s.Item2.Labels.ToString(CultureInfo.InvariantCulture), s.Item2.Accuracy is { } a ? Output.Number(a) : "-",
                    }), "live evidence");
            }
            else
            {
                Console.WriteLine($"{status.Model}: no live rollout");
            }
            Output.Table(["decided", "version", "vs", "decision", "why"], status.History.Select(h => new[]
            {
                Output.Time(h.DecidedAt), h.Challenger.ToString(CultureInfo.InvariantCulture), h.Champion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                h.Decision ?? "", h.Reason ?? "",
            }), "decisions");
            return 0;
        });
        return command;
    }

    private static Command Start()
    {
        var model = new Argument<string>("model") { Description = "name or name:version (default: the latest version)" };
        var mode = new Option<string>("--mode") { Description = "canary (a share of the traffic) or shadow (both score, the champion answers)", DefaultValueFactory = _ => RolloutStage.Canary };
        var share = new Option<string?>("--share") { Description = "Canary share of the requests, in (0, 1] (default 0.2)" };
        var minRequests = new Option<string?>("--min-requests") { Description = "Requests the challenger must serve before a decision (default 100)" };
        var minLabels = new Option<string?>("--min-labels") { Description = "Labels each side needs before a decision (default 50)" };
        var minDuration = new Option<string?>("--min-duration") { Description = "Shortest time before a decision (e.g. 10m)" };
        var maxDuration = new Option<string?>("--max-duration") { Description = "Longest wait for evidence before rolling back (default 1h)" };
        var metricMargin = new Option<string?>("--metric-margin") { Description = "How far the challenger's accuracy may fall below the champion's (default 0)" };
        var format = CliContext.Format();
        var command = new Command("start", "Start a rollout: the version goes to staging, then to canary or shadow; the gate in relearn serve decides")
        {
            model, mode, share, minRequests, minLabels, minDuration, maxDuration, metricMargin, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            var plan = RolloutPlanText.Parse(new Dictionary<string, string?>
            {
                ["mode"] = parse.GetValue(mode), ["share"] = parse.GetValue(share), ["min_requests"] = parse.GetValue(minRequests),
                ["min_labels"] = parse.GetValue(minLabels), ["min_duration"] = parse.GetValue(minDuration), ["max_duration"] = parse.GetValue(maxDuration),
                ["metric_margin"] = parse.GetValue(metricMargin),
            }, "--");
            var started = await services.GetRequiredService<RolloutService>().StartAsync(reference.Name, reference.Version, plan.Mode, plan.Share, plan.Settings, Actor(), cancellationToken);
            Print(parse, format, started, string.Create(CultureInfo.InvariantCulture,
                $"{started.Model}: version {started.Challenger} in {started.Mode}{(started.Mode == RolloutStage.Canary ? $" with {started.Share:0.###} of the traffic" : "")} against version {started.Champion}"));
            return 0;
        }, movesAliases: true);
        return command;
    }

    private static Command Promote()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var format = CliContext.Format();
        var command = new Command("promote", "Promote the live rollout's challenger to production now") { model, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var decided = await services.GetRequiredService<RolloutService>().PromoteAsync(Name(parse, model), Actor(), cancellationToken);
            Print(parse, format, decided, string.Create(CultureInfo.InvariantCulture, $"{decided.Model}@production -> version {decided.Challenger} ({decided.Reason})"));
            return 0;
        }, movesAliases: true);
        return command;
    }

    private static Command Abort()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log" };
        var format = CliContext.Format();
        var command = new Command("abort", "Roll the live rollout back: production untouched, the challenger's aliases removed") { model, reason, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var decided = await services.GetRequiredService<RolloutService>().AbortAsync(Name(parse, model), Actor(), parse.GetValue(reason), cancellationToken);
            Print(parse, format, decided, string.Create(CultureInfo.InvariantCulture, $"{decided.Model}: version {decided.Challenger} rolled back ({decided.Reason})"));
            return 0;
        }, movesAliases: true);
        return command;
    }

    private static void Print(ParseResult parse, Option<OutputFormat> format, RolloutState state, string line)
    {
        if (parse.GetValue(format) == OutputFormat.Json)
        {
            Output.Json(state);
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    private static string Name(ParseResult parse, Argument<string> model) => ModelReference.Parse(parse.GetValue(model)!).Name;

    private static string Actor() => $"cli:{Environment.UserName}";
}
