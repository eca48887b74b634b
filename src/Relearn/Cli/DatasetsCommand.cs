using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.Cli;

/// <summary><c>relearn datasets list|show|export</c>: what was ingested or trained on, inspectable and usable by other tools.</summary>
internal static class DatasetsCommand
{
    public static Command Create() => new("datasets", "Dataset versions: content hash, rows, schema, source") { List(), Show(), Export() };

    /// <summary>Resolves <c>NAME</c> (latest) or <c>NAME:VERSION</c>; names may contain '/'.</summary>
    public static async Task<DatasetVersion> ResolveAsync(IDatasetCatalog catalog, string reference, CancellationToken cancellationToken)
    {
        var colon = reference.LastIndexOf(':');
        int? version = null;
        var name = reference;
        if (colon > 0 && int.TryParse(reference[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            (name, version) = (reference[..colon], v);
        }
        return await catalog.GetAsync(name, version, cancellationToken)
            ?? throw RelearnException.NotFound($"dataset '{reference}' does not exist (see relearn datasets list)");
    }

    private static Command List()
    {
        var format = CliContext.Format();
        var command = new Command("list", "Every dataset version, newest first") { format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var versions = await services.GetRequiredService<IDatasetCatalog>().ListAsync(cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(versions);
            }
            else
            {
                Output.Table(["dataset", "rows", "sha256", "schema", "created", "source"], versions.Select(d => new[]
                {
                    d.Id, d.RowCount.ToString(CultureInfo.InvariantCulture), d.Digest[..12], d.Schema, Output.Time(d.CreatedAt), d.Source,
                }));
            }
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var dataset = new Argument<string>("dataset") { Description = "NAME or NAME:VERSION" };
        var format = CliContext.Format();
        var command = new Command("show", "One dataset version") { dataset, format };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var version = await ResolveAsync(services.GetRequiredService<IDatasetCatalog>(), parse.GetValue(dataset)!, cancellationToken);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Output.Json(version);
            }
            else
            {
                Output.Table(["field", "value"],
                [
                    ["dataset", version.Id], ["rows", version.RowCount.ToString(CultureInfo.InvariantCulture)], ["sha256", version.Digest],
                    ["schema", version.Schema], ["source", version.Source], ["created", Output.Time(version.CreatedAt)],
                ]);
            }
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var dataset = new Argument<string>("dataset") { Description = "NAME or NAME:VERSION" };
        var output = new Option<string>("--output") { Description = "JSON Lines file to write", Required = true };
        var command = new Command("export", "Write a dataset version as JSON Lines (one record a line)") { dataset, output };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var version = await ResolveAsync(services.GetRequiredService<IDatasetCatalog>(), parse.GetValue(dataset)!, cancellationToken);
            var bytes = await services.GetRequiredService<IArtifactStore>().ReadBytesAsync(version.Digest, cancellationToken);
            // Labelled text is stored as label<TAB>text; everything else is already JSON Lines.
            var text = version.Schema == LabelledTextReader.Schema
                ? string.Concat(LabelledTextReader.FromCanonicalBytes(bytes).Select(r => new JsonObject { ["text"] = r.Text, ["label"] = r.Label ? 1 : 0 }.ToJsonString() + "\n"))
                : Encoding.UTF8.GetString(bytes);
            var path = parse.GetValue(output)!;
            await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask(), cancellationToken);
            Console.Error.WriteLine($"wrote {version.RowCount} rows of {version.Id} to {path}");
            return 0;
        });
        return command;
    }
}
