using System.Globalization;
using System.Text.Json;
using Relearn.Core;
using Spectre.Console;

namespace Relearn.Cli;

/// <summary>Printing for the verbs: JSON on stdout for machines, Spectre tables for people.</summary>
internal static class Output
{
    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonDefaults.Indented));

    public static void Table(string[] columns, IEnumerable<string[]> rows, string? title = null)
    {
        if (Console.IsOutputRedirected)
        {
            // Piped or logged output has no terminal width; don't wrap ids and paths at 80 columns.
            AnsiConsole.Profile.Width = 240;
        }
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }
        AnsiConsole.Write(table);
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Runs long work under a Spectre progress display (plain lines when output is redirected).</summary>
    public static async Task<T> WithProgress<T>(string title, Func<IProgress<string>, Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true;
                var progress = new Progress<string>(step => task.Description = Markup.Escape($"{title}: {step}"));
                result = await work(progress);
                task.Description = Markup.Escape($"{title}: done");
                task.Value = 1;
                task.StopTask();
            });
        return result;
    }
}
