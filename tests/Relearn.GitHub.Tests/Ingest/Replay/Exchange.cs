using System.Text;

namespace Relearn.GitHub.Tests.Ingest.Replay;

/// <summary>One recorded HTTP exchange: the request line and the response as GitHub sent it.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">Path and query as recorded, e.g. <c>/repositories/1000/issues?per_page=3&amp;page=2</c>.</param>
/// <param name="Status">Response status.</param>
/// <param name="Headers">Response headers in recorded order (names as recorded).</param>
/// <param name="Body">Response body bytes.</param>
/// <param name="Source">Which recording it came from, for failure messages.</param>
internal sealed record Exchange(string Method, string Path, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string Source)
{
    public string PathOnly => Path.Split('?', 2)[0];

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> (replacing any recorded value).</summary>
    public Exchange WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public Exchange WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    public override string ToString() => $"{Method} {Path} -> {Status} ({Source})";
}
