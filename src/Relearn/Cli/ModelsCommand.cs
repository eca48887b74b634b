using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Models;
using Relearn.Core.Registry;

namespace Relearn.Cli;

/// <summary><c>relearn models list|show|promote|rollback|pull|rollout|check|score</c>.</summary>
internal static partial class ModelsCommand
{
    public static Command Create() => new("models", "The model registry: versions, aliases, lineage")
    {
        List(), Show(), Promote(), Rollback(), ModelsPullCommand.Create(), ModelsRolloutCommand.Create(), Check(), Score(),
    };

    private static Command List()
    {
        var format = CliContext.Format();
        var command = new Command("list", "Registered models and their aliases") { format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var models = await services.GetRequiredService<IModelRegistryStore>().ListModelsAsync(cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(models);
            }
            else
            {
                Output.Table(["model", "task", "latest", "aliases"], models.Select(m => new[]
                {
                    m.Name, m.Task, m.LatestVersion.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", m.Aliases.Select(a => $"{a.Key}=v{a.Value}")),
                }));
            }
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version" };
        var format = CliContext.Format();
        var command = new Command("show", "A version with its lineage: version → run → dataset version, and the alias history") { model, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var registry = services.GetRequiredService<ModelRegistry>();
            var lineage = await registry.GetLineageAsync(ModelReference.Parse(parse.GetValue(model)!), cancellationToken);
            var history = await services.GetRequiredService<IModelRegistryStore>().GetAliasHistoryAsync(lineage.Version.Name, cancellationToken: cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(new { lineage.Version, lineage.Aliases, run = lineage.Run, dataset = lineage.Dataset, alias_history = history });
                return 0;
            }
            var v = lineage.Version;
            Output.Table(["field", "value"],
            [
                ["model", $"{v.Name}:{v.Version}"],
                ["aliases", string.Join(", ", lineage.Aliases)],
                ["task", v.Task],
                ["created", Output.Time(v.CreatedAt)],
                ["run", $"{v.RunId} ({lineage.Run?.Info.Status.ToString().ToLowerInvariant() ?? "missing"})"],
                ["dataset", lineage.Dataset is { } d ? $"{d.Id} ({d.RowCount} rows, sha256 {d.Digest[..12]}, {d.Source})" : v.DatasetVersion ?? "-"],
                ["model artifact", v.ModelDigest],
                .. v.Metrics.Select(m => new[] { $"metric {m.Key}", Output.Number(m.Value) }),
                .. (lineage.Run?.Params ?? new Dictionary<string, string>()).Select(p => new[] { $"param {p.Key}", p.Value }),
            ], "lineage");
            Output.Table(["when", "alias", "from", "to", "action", "by", "why"], history.Select(h => new[]
            {
                Output.Time(h.At), h.Alias, h.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                h.NewVersion?.ToString(CultureInfo.InvariantCulture) ?? "-", h.Action, h.Actor, h.Reason ?? "",
            }), "alias history");
            return 0;
        });
        return command;
    }

    private static Command Promote()
    {
        var model = new Argument<string>("model") { Description = "name:version to promote" };
        var alias = new Option<string>("--alias") { Description = "Alias to move", DefaultValueFactory = _ => ModelRegistry.DefaultAlias };
        var force = new Option<bool>("--force") { Description = "Promote even if it scores worse than the current holder" };
        var data = new Option<string[]>("--data") { Description = "Evaluation data to compare on (default: the challenger's held-out split)", AllowMultipleArgumentsPerToken = true };
        var minTestScore = new Option<double?>("--min-test-score") { Description = "Refuse unless the version's ML Test Score is at least this" };
        var format = CliContext.Format();
        var command = new Command("promote", "Point an alias at a version if it scores at least as well as the current holder") { model, alias, force, data, minTestScore, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            if (reference.Version is not { } version)
            {
                throw RelearnException.Invalid($"name the version to promote, as in {reference.Name}:3");
            }
            var registry = services.GetRequiredService<ModelRegistry>();
            byte[]? evaluationData = null;
            if (parse.GetValue(data) is { Length: > 0 } files)
            {
                var task = (await registry.ResolveAsync(reference, cancellationToken)).Task;
                evaluationData = services.GetRequiredService<ModelTaskCatalog>().Get(task).ReadEvaluationData(files);
            }
            var result = await TestScoreGuardAsync(services, reference, parse.GetValue(alias)!, parse.GetValue(minTestScore), parse.GetValue(force), cancellationToken)
                ?? await registry.PromoteAsync(reference.Name, version, parse.GetValue(alias)!, parse.GetValue(force), evaluationData, Actor(), cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(result);
            }
            else if (result.Promoted)
            {
                Console.WriteLine(result.Reason);
            }
            return result.Refusal is { } refusal ? CliContext.Fail($"{result.Reason} ({ForceHint(refusal)})") : 0;
        }, movesAliases: true);
        return command;
    }

    private static Command Rollback()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var alias = new Option<string>("--alias") { Description = "Alias to roll back", DefaultValueFactory = _ => ModelRegistry.DefaultAlias };
        var command = new Command("rollback", "Point an alias back at its previous holder") { model, alias };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var name = ModelReference.Parse(parse.GetValue(model)!).Name;
            var change = await services.GetRequiredService<ModelRegistry>().RollbackAsync(name, parse.GetValue(alias)!, Actor(), cancellationToken);
            Console.WriteLine($"{name}@{change.Alias}: version {change.PreviousVersion} -> {change.NewVersion}");
            return 0;
        }, movesAliases: true);
        return command;
    }

    private static string Actor() => $"cli:{Environment.UserName}";

    /// <summary>What forcing a refused promotion does, in this front end's words.</summary>
    internal static string ForceHint(PromotionRefusal refusal) => refusal == PromotionRefusal.CannotScore
        ? "use --force to move the alias without evaluation"
        : "use --force to promote anyway";
}
