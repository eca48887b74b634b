using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Relearn.GitHub.Tests.Ingest.Replay;

/// <summary>
/// Loads the real recorded GitHub exchanges under <c>Recordings/</c> (see its NOTICE.md): octokit/fixtures
/// nock JSON and PyGithub ReplayData text files.
/// </summary>
internal static class Recordings
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Recordings");

    /// <summary>The exchanges of an octokit fixture scenario (<c>normalized-fixture.json</c>), in recorded order.</summary>
    public static IReadOnlyList<Exchange> Octokit(string scenario)
    {
        var file = Path.Combine(Root, "octokit-fixtures", "api.github.com", scenario, "normalized-fixture.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var exchanges = new List<Exchange>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in item.GetProperty("headers").EnumerateObject())
            {
                headers.Add(new(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText()));
            }
            var response = item.GetProperty("response");
            var body = response.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(response.GetString()!) : Compact(response);
            exchanges.Add(new Exchange(item.GetProperty("method").GetString()!.ToUpperInvariant(), item.GetProperty("path").GetString()!,
                item.GetProperty("status").GetInt32(), headers, body, $"octokit {scenario} #{exchanges.Count}"));
        }
        return exchanges;
    }

    /// <summary>
    /// The exchanges of a PyGithub ReplayData file: per exchange ten lines (protocol, method, host, port, path,
    /// request headers, request body, status, response headers as a Python list of pairs, response body).
    /// </summary>
    public static IReadOnlyList<Exchange> PyGithub(string test)
    {
        var lines = File.ReadAllText(Path.Combine(Root, "pygithub-replaydata", "ReplayData", test + ".txt")).Split('\n');
        var exchanges = new List<Exchange>();
        for (var i = 0; i < lines.Length;)
        {
            if (lines[i] is not ("https" or "http"))
            {
                i++;
                continue;
            }
            var headers = PythonPairs(lines[i + 8]).Where(h => !h.Key.Equals("status", StringComparison.OrdinalIgnoreCase)).ToList();
            exchanges.Add(new Exchange(lines[i + 1], lines[i + 4], int.Parse(lines[i + 7], System.Globalization.CultureInfo.InvariantCulture), headers,
                Encoding.UTF8.GetBytes(lines[i + 9]), $"PyGithub {test} #{exchanges.Count}"));
            i += 10;
        }
        return exchanges;
    }

    /// <summary>One exchange of a PyGithub ReplayData file.</summary>
    public static Exchange PyGithub(string test, int index) => PyGithub(test)[index];

    private static byte[] Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    // [('Name', 'value'), ("Name", "value with 'quotes'")]: every string literal in order, paired up.
    private static List<KeyValuePair<string, string>> PythonPairs(string text)
    {
        var strings = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\'' or '"'))
            {
                continue;
            }
            var quote = text[i];
            var value = new StringBuilder();
            for (i++; i < text.Length && text[i] != quote; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }
                value.Append(text[i]);
            }
            strings.Add(value.ToString());
        }
        return [.. Enumerable.Range(0, strings.Count / 2).Select(p => new KeyValuePair<string, string>(strings[2 * p], strings[2 * p + 1]))];
    }
}
