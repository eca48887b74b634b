using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Server.Fuzz;

/// <summary>One generated request: what to send, and which operation (route) it exercises.</summary>
internal sealed record FuzzRequest(string Operation, string Method, string PathAndQuery, byte[]? Body, string? ContentType, bool MlflowShape)
{
    public override string ToString() =>
        $"{Operation}: {Method} {Shorten(PathAndQuery)} {(Body is null ? "" : Shorten(Encoding.UTF8.GetString(Body)))}";

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..160]}...({text.Length} chars)";
}

/// <summary>
/// Generates malformed requests, seeded: wrong types, sizes, deep nesting, bad encodings, repeated keys and path
/// attacks, for an operation described by its method, route template, parameters and body fields.
/// </summary>
internal sealed class MalformedRequests(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Values that replace one path segment: traversal, NUL, bad percent-encodings, a lone surrogate, huge, markup.</summary>
    public static readonly string[] PathAttacks =
    [
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows", "%00", "a%00b", "%FF%FE", "%ED%A0%80", "%C0%AF",
        new('a', 4000), "%F0%9F%92%A9", "%20", "'%20OR%201=1--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "-1", "0", "99999999999999999999",
    ];

    /// <summary>Values for a query parameter: wrong types, out of range, empty, bad encodings, huge.</summary>
    public static readonly string[] QueryAttacks =
    [
        "x", "-1", "0", "99999999999999999999", "1e400", "NaN", "", "%FF", "%ED%A0%80", "%00", new('9', 3000), "true", "[1]", "..%2F..%2Fetc%2Fpasswd",
    ];

    /// <summary>JSON values that replace one field: every wrong type, extremes, encodings, nesting, size.</summary>
    public static readonly string[] FieldAttacks =
    [
        "1", "-1", "0", "true", "false", "[]", "{}", "null", "\"x\"", "\"\"", "1e308", "-1e308", "1.5", "-9223372036854775809", "9223372036854775807",
        "18446744073709551616", "\"NaN\"", "\"-Infinity\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"a\\u0000b\"", $"\"{new string('x', 10_000)}\"",
        "[1,[2,[3,[4]]]]", "\"../../../../etc/passwd\"", "{\"$ref\":\"#\"}", "[" + string.Join(',', Enumerable.Repeat("{\"key\":\"k\",\"value\":\"1\"}", 3000)) + "]",
        "[" + string.Join(',', Enumerable.Range(0, 3000).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]", "\"2024-13-45T99:99:99Z\"",
        "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"", "\"%s%n%x\"", "\"{{7*7}}\"",
    ];

    /// <summary>Whole bodies that are malformed whatever the operation (<c>FIELD</c> stands for one of its fields).</summary>
    public static IEnumerable<(string Name, byte[] Body, string? ContentType)> GenericBodies(string field)
    {
        const string json = "application/json";
        yield return ("truncated", Encoding.UTF8.GetBytes($"{{\"{field}\": \"unterminated"), json);
        yield return ("array", "[]"u8.ToArray(), json);
        yield return ("string", "\"text\""u8.ToArray(), json);
        yield return ("null", "null"u8.ToArray(), json);
        yield return ("number", "123"u8.ToArray(), json);
        yield return ("empty object", "{}"u8.ToArray(), json);
        yield return ("empty body", [], json);
        yield return ("repeated key", Encoding.UTF8.GetBytes($"{{\"{field}\":\"a\",\"{field}\":\"b\"}}"), json);
        yield return ("repeated other key", "{\"a\":1,\"a\":2}"u8.ToArray(), json);
        yield return ("deep arrays", Encoding.UTF8.GetBytes(new string('[', 20_000) + new string(']', 20_000)), json);
        yield return ("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"{{\"{field}\":", 500)) + "1" + new string('}', 500)), json);
        yield return ("invalid UTF-8", [.. Encoding.UTF8.GetBytes($"{{\"{field}\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8], json);
        yield return ("overlong UTF-8", [.. Encoding.UTF8.GetBytes($"{{\"{field}\":\""), 0xC0, 0xAF, .. "\"}"u8], json);
        yield return ("lone surrogate", Encoding.UTF8.GetBytes($"{{\"{field}\":\"\\ud800\"}}"), json);
        yield return ("lone surrogate key", "{\"\\udc00\":1}"u8.ToArray(), json);
        yield return ("raw NUL", [.. Encoding.UTF8.GetBytes($"{{\"{field}\":\"a"), 0, .. "b\"}"u8], json);
        yield return ("BOM", [0xEF, 0xBB, 0xBF, .. "{}"u8], json);
        yield return ("huge number", Encoding.UTF8.GetBytes($"{{\"{field}\":1e999999}}"), json);
        yield return ("many keys", Encoding.UTF8.GetBytes("{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":{i}")) + "}"), json);
        yield return ("text/plain", Encoding.UTF8.GetBytes($"{{\"{field}\":\"x\"}}"), "text/plain");
        yield return ("form", Encoding.UTF8.GetBytes($"{field}=x"), "application/x-www-form-urlencoded");
        yield return ("no content type", Encoding.UTF8.GetBytes($"{{\"{field}\":\"x\"}}"), null);
        yield return ("binary", [.. Enumerable.Range(0, 2048).Select(i => (byte)((i * 7919) % 256))], "application/octet-stream");
    }

    /// <summary>A body just over the largest limit any endpoint has (MLflow's 4 MiB; /api/v1 takes 1 MiB): sent once per API, not per route.</summary>
    public static byte[] OverTheLimit(string field) => Encoding.UTF8.GetBytes($"{{\"{field}\":\"{new string('z', (4 * 1024 * 1024) + 16)}\"}}");

    /// <summary>Up to <paramref name="count"/> of <paramref name="items"/>, picked by the seed (all of them when there are fewer).</summary>
    public IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count) =>
        items.Count <= count ? items : items.OrderBy(_ => _random.Next()).Take(count).ToList();

    public string PickOne(IReadOnlyList<string> items) => items[_random.Next(items.Count)];

    /// <summary><paramref name="template"/> with each <c>{param}</c> (or <c>{**param}</c>) filled from <paramref name="values"/>.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var path = new StringBuilder();
        var at = 0;
        while (template.IndexOf('{', at) is var open and >= 0)
        {
            var close = template.IndexOf('}', open);
            path.Append(template, at, open - at);
            var name = template[(open + 1)..close].TrimStart('*').Split(':')[0].TrimEnd('?');
            path.Append(values.TryGetValue(name, out var value) ? value : "x");
            at = close + 1;
        }
        return path.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>Names of the <c>{param}</c>s of a route template.</summary>
    public static IReadOnlyList<string> Parameters(string template) =>
        [.. template.Split('{').Skip(1).Select(part => part[..part.IndexOf('}', StringComparison.Ordinal)].TrimStart('*').Split(':')[0].TrimEnd('?'))];

    /// <summary>A JSON object of <paramref name="baseFields"/> with <paramref name="field"/> replaced by a raw JSON value.</summary>
    public static byte[] WithField(JsonObject baseFields, string field, string rawValue)
    {
        var parts = baseFields.Where(p => p.Key != field).Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{p.Value?.ToJsonString() ?? "null"}")
            .Append($"{JsonValue.Create(field).ToJsonString()}:{rawValue}");
        return Encoding.UTF8.GetBytes("{" + string.Join(',', parts) + "}");
    }
}
