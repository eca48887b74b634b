using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Datasets.Expectations;

namespace Relearn.Cli;

/// <summary>
/// <c>relearn validate SUITE --data FILE [--format json]</c>: checks a data file against a Great Expectations-style
/// suite, records the validation (tracking run + data docs page) and exits 0 when every expectation is met, 1 when one
/// is not (one-line summary on stderr), 2 when the suite or data cannot be read (one line naming the problem).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var suite = new Argument<string>("suite") { Description = "Expectation suite: YAML (or GE's JSON) with expectation_suite_name and expectations" };
        var data = new Option<string>("--data") { Description = "Data file: CSV, TSV, Parquet, JSON Lines (.gz allowed) or labelled text", Required = true };
        var format = CliContext.Format();
        var command = new Command("validate", "Check data against an expectation suite (Great Expectations' expectations); writes data docs under the home folder")
        {
            suite, data, format,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            RecordedValidation recorded;
            try
            {
                var loaded = ExpectationSuite.Load(parse.GetValue(suite)!);
                var batch = await Task.Run(() => DataBatch.Read(parse.GetValue(data)!), cancellationToken);
                recorded = await services.GetRequiredService<ValidationRecorder>().ValidateAsync(loaded, batch, cancellationToken: cancellationToken);
            }
            catch (RelearnException e) when (e.Kind is RelearnErrorKind.InvalidInput or RelearnErrorKind.NotFound)
            {
                return CliContext.Fail(e.Message, 2);
            }
            var result = recorded.Result;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.Out.WriteLine(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Output.Table(["", "expectation", "observed"], result.Results.Select(r => new[]
                {
                    r.Success ? "met" : "NOT MET", ExpectationWords.Describe(r.Configuration), ExpectationWords.Observed(r),
                }), $"{result.Suite} on {result.Data}");
                Console.Out.WriteLine($"data docs: {recorded.PagePath}");
                Console.Out.WriteLine($"tracking run: {recorded.RunId}");
            }
            return result.Success ? 0 : CliContext.Fail(result.Summary(), 1);
        });
        return command;
    }
}
