using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Models;
using Relearn.Core.Quality.Checks;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>
/// The review-assist checks, on held-out hunks scored one request each (<c>{"patch", "lang"}</c>). LEAK: what is only known
/// after review — the reviewer's comment and whether they commented — sent along with the hunk must not move its score at
/// all. INV: whitespace added at the end of unchanged context lines (editors and diff tools differ there) must not move
/// the score. DIR: a debug print with a TODO added to the change must not make the hunk look less in need of a comment.
/// </summary>
public sealed class ReviewAssistChecks : IBehaviouralChecks
{
    /// <summary>Held-out hunks each test changes.</summary>
    public const int HunksPerTest = 60;

    /// <summary>How far the directional check lets the score move the wrong way.</summary>
    public const double DirectionalTolerance = 0.02;

    /// <inheritdoc />
    public string ScoreField => "score";

    /// <inheritdoc />
    public IReadOnlyList<BehaviouralTest> Tests(ModelManifest manifest, byte[] evaluationData)
    {
        var hunks = Sample(evaluationData, HunksPerTest);
        return
        [
            new("leak: the reviewer's comment and label sent with the hunk", CheckKind.Leak, CheckExpectation.SameScore,
                hunks.Select(h => Case(h, "msg and y added to the request", Request(h, h.Patch, leak: true))).ToList()),
            new("invariance: trailing whitespace on unchanged lines", CheckKind.Inv, CheckExpectation.SameScore,
                hunks.Select(h => Case(h, "two spaces after every context line", Request(h, TrailingSpaces(h.Patch), leak: false))).ToList()),
            new("directional: a debug print with a TODO added", CheckKind.Dir, CheckExpectation.NotDown,
                hunks.Select(h => Case(h, "added line: print(\"debug\")  # TODO remove", Request(h, WithDebugPrint(h.Patch), leak: false))).ToList(),
                DirectionalTolerance),
        ];
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonElement> SampleInputs(byte[] evaluationData, int count) =>
        Sample(evaluationData, count).Select(h => JsonSerializer.SerializeToElement(Request(h, h.Patch, leak: false))).ToList();

    private static JsonObject Request(ReviewExample hunk, string patch, bool leak)
    {
        var request = new JsonObject { ["patch"] = patch, ["lang"] = hunk.Lang, ["path"] = hunk.Path };
        if (leak)
        {
            request["msg"] = hunk.Msg ?? "Please add a test for this change.";
            request["y"] = 1;
        }
        return request;
    }

    private static CheckCase Case(ReviewExample hunk, string change, JsonObject variant) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{hunk.Id ?? Shorten(hunk.Patch)}: {change}"),
            JsonSerializer.SerializeToElement(Request(hunk, hunk.Patch, leak: false)), JsonSerializer.SerializeToElement(variant));

    /// <summary>The hunk with two spaces after each context line; the header and changed lines are untouched.</summary>
    private static string TrailingSpaces(string patch) =>
        string.Join("\n", patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.StartsWith(' ') ? l + "  " : l));

    /// <summary>The hunk with one debug-print line added after its last added line (or at its end), the header's counts raised to match.</summary>
    private static string WithDebugPrint(string patch)
    {
        var hunk = DiffHunk.Parse(patch);
        var lines = patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var body = lines.Skip(lines.FindIndex(l => l.StartsWith("@@", StringComparison.Ordinal)) + 1).ToList();
        var at = body.FindLastIndex(l => l.StartsWith('+')) + 1;
        body.Insert(at == 0 ? body.Count : at, "+print(\"debug\")  # TODO remove");
        var header = string.Create(CultureInfo.InvariantCulture,
            $"@@ -{hunk.OldStart},{body.Count(l => !l.StartsWith('+'))} +{hunk.NewStart},{body.Count(l => !l.StartsWith('-'))} @@");
        return string.Join("\n", [header, .. body]);
    }

    private static string Shorten(string patch) => patch.Length <= 40 ? patch : patch[..37] + "...";

    private static IReadOnlyList<ReviewExample> Sample(byte[] evaluationData, int count)
    {
        var hunks = ReviewData.FromCanonicalBytes(evaluationData);
        var picked = new Random(7).GetItems(Enumerable.Range(0, hunks.Count).ToArray(), Math.Min(count, hunks.Count));
        return [.. picked.Distinct().Order().Select(i => hunks[i])];
    }
}
