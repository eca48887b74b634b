using System.Net;
using System.Reflection;
using System.Text;

namespace Relearn.Server.Ui;

/// <summary>
/// The web UI under <c>/ui</c>: experiments and runs, a run's charts, run comparison, the model registry and the audit
/// log. Plain HTML and one shared script embedded in the executable; every page reads its data from the public APIs
/// (MLflow's and <c>/api/v1</c>) with the token typed into it, so the pages themselves hold no data and need no role.
/// </summary>
internal static class UiEndpoints
{
    /// <summary>The pages. Adding one: a line here and its file in Server/Ui/Pages.</summary>
    public static readonly IReadOnlyList<UiPage> Pages =
    [
        new("/ui", "experiments.html", "Experiments", Nav: "Experiments"),
        new("/ui/experiments/{id}", "runs.html", "Runs"),
        new("/ui/runs/{id}", "run.html", "Run"),
        new("/ui/compare", "compare.html", "Compare runs"),
        new("/ui/models", "models.html", "Models", Nav: "Models"),
        new("/ui/models/{name}", "model.html", "Model"),
        new("/ui/models/{name}/monitoring", "monitoring.html", "Monitoring"),
        new("/ui/audit", "audit.html", "Audit log", Nav: "Audit log"),
        new("/ui/pipelines", "pipelines.html", "Pipelines", Nav: "Pipelines"),
        new("/ui/pipelines/runs/{id}", "pipeline-run.html", "Pipeline run"),
    ];

    /// <summary>Shared files every page loads.</summary>
    private static readonly (string Name, string ContentType)[] Assets =
    [
        ("relearn.js", "text/javascript; charset=utf-8"),
        ("relearn.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapRelearnUi(this IEndpointRouteBuilder app)
    {
        var layout = Read("layout.html");
        var nav = new StringBuilder();
        foreach (var page in Pages.Where(p => p.Nav is not null))
        {
            nav.Append("<a href=\"").Append(page.Route).Append("\">").Append(WebUtility.HtmlEncode(page.Nav)).Append("</a>");
        }
        foreach (var page in Pages)
        {
            var html = layout.Replace("{{title}}", WebUtility.HtmlEncode(page.Title), StringComparison.Ordinal)
                .Replace("{{nav}}", nav.ToString(), StringComparison.Ordinal)
                .Replace("{{content}}", Read(page.File), StringComparison.Ordinal);
            app.MapPage(page.Route, html);
        }
        foreach (var (name, contentType) in Assets)
        {
            var text = Read(name);
            app.MapGet($"/ui/assets/{name}", () => Results.Content(text, contentType)).ExcludeFromDescription();
        }
        return app;
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Relearn.Ui.{name}")
            ?? throw new InvalidOperationException($"UI file {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
