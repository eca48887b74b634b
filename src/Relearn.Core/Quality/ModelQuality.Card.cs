using System.Globalization;
using System.Text;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Quality;

/// <summary>The model card half of <see cref="ModelQuality"/>: quality sections added to the card of the version's training run.</summary>
public sealed partial class ModelQuality
{
    /// <summary>The model card artifact of a training run.</summary>
    public const string CardArtifact = "model-card.md";

    /// <summary>Heading of the card section with the non-functional figures.</summary>
    public const string NfrHeading = "## Non-functional checks";

    /// <summary>Heading of the card section with the ML Test Score.</summary>
    public const string ScoreHeading = "## ML Test Score";

    /// <summary>Writes the non-functional figures into the version's model card (replacing an earlier such section).</summary>
    public Task AddToCardAsync(ModelVersion version, NonFunctionalFigures figures, CheckReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(NfrHeading).AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured at registration on {figures.BatchRows} held-out inputs ({figures.Predictions} single predictions after a warm-up; one batch)."));
        text.AppendLine().AppendLine("| check | value | gate | passed |").AppendLine("|---|---|---|---|");
        foreach (var test in report.Tests)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {test.Name} | {test.Value:0.####} | {(test.Threshold is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "-")} | {(test.Passed ? "yes" : "**no**")} |"));
        }
        return ReplaceCardSectionAsync(version, NfrHeading, text.AppendLine().ToString(), cancellationToken);
    }

    /// <summary>Writes the ML Test Score into the version's model card (replacing an earlier such section).</summary>
    public Task AddToCardAsync(ModelVersion version, TestScoreReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(ScoreHeading).AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Score **{report.Score:0.#}** (Breck et al. 2017: the least section total; data {report.Sections["data"]:0.#}, model {report.Sections["model"]:0.#}, infrastructure {report.Sections["infrastructure"]:0.#}, monitoring {report.Sections["monitoring"]:0.#})."));
        text.AppendLine().AppendLine("| test | status | evidence |").AppendLine("|---|---|---|");
        foreach (var test in report.Tests)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {test.Id} {test.Name} | {test.Status.ToString().ToLowerInvariant()} | {test.Evidence.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }
        return ReplaceCardSectionAsync(version, ScoreHeading, text.AppendLine().ToString(), cancellationToken);
    }

    /// <summary>The card of <paramref name="version"/>, or null when its run has none.</summary>
    public async Task<string?> ReadCardAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var run = await tracking.GetRunAsync(version.RunId, cancellationToken);
        return run?.Artifacts.FirstOrDefault(a => a.Path == CardArtifact) is { } card ? await artifacts.ReadTextAsync(card.Digest, cancellationToken) : null;
    }

    private async Task ReplaceCardSectionAsync(ModelVersion version, string heading, string section, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (await tracking.GetRunAsync(version.RunId, cancellationToken) is null)
        {
            return;
        }
        var card = await ReadCardAsync(version, cancellationToken) ?? $"# Model card: {version.Name}\n\n";
        await tracking.AddArtifactAsync(version.RunId, CardArtifact, await artifacts.PutTextAsync(ReplaceSection(card, heading, section), cancellationToken), cancellationToken);
    }

    /// <summary>Replaces the markdown section under <paramref name="heading"/> (up to the next <c>## </c>) or appends it.</summary>
    public static string ReplaceSection(string card, string heading, string section)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(heading);
        var start = card.StartsWith(heading + "\n", StringComparison.Ordinal) ? 0 : card.IndexOf("\n" + heading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (start < 0)
        {
            return card.TrimEnd('\n') + "\n\n" + section;
        }
        var end = card.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return card[..start] + section + (end < 0 ? "" : card[(end + 1)..]);
    }
}
