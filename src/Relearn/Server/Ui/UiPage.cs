namespace Relearn.Server.Ui;

/// <summary>One page of the web UI: its route, the embedded file holding its content, its title, and its nav label if it has one.</summary>
/// <param name="Route">Route pattern under <c>/ui</c>; the page's script reads its parameters from the location.</param>
/// <param name="File">Embedded file under <c>Server/Ui/Pages</c>: the page's markup and script, placed into the shared layout.</param>
/// <param name="Title">Window title.</param>
/// <param name="Nav">Label in the navigation bar, or null for pages reached by links (a run, a model).</param>
internal sealed record UiPage(string Route, string File, string Title, string? Nav = null);
