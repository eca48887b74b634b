using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.Core;

namespace Relearn.Server.Mlflow;

/// <summary>
/// The fields of one MLflow request, from the query string (GET, DELETE) and the JSON body (POST, PATCH, DELETE)
/// alike, read the way real clients send them: int64 as JSON numbers or strings, repeated query keys as lists,
/// <c>run_uuid</c> for <c>run_id</c>.
/// </summary>
internal sealed class MlflowRequest
{
    /// <summary>Largest body accepted (MLflow's log-batch limit is 1 MB of payload; this leaves room for encoding).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly JsonObject _fields;

    private MlflowRequest(JsonObject fields, HttpContext context)
    {
        _fields = fields;
        Context = context;
    }

    public HttpContext Context { get; }

    public T Service<T>() where T : notnull => Context.RequestServices.GetRequiredService<T>();

    /// <summary>Who is asking, for the audit log and webhooks: the token's name when one was presented, else the API's name.</summary>
    public string Actor => Context.User.Identity?.Name is { Length: > 0 } name ? $"mlflow-api:{name}" : MlflowRegistryEndpoints.Actor;

    public static async Task<MlflowRequest> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var fields = new JsonObject();
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            var bytes = await JsonBody.ReadBytesAsync(context.Request, MaxBodyBytes, cancellationToken);
            if (bytes.Length > 0)
            {
                // Checked by the one JSON reader first: repeated keys, bad UTF-8 and lone surrogates are a 400 here too,
                // with MLflow's code for a body it cannot read.
                try
                {
                    JsonBody.Parse(bytes).Dispose();
                }
                catch (RelearnException e)
                {
                    throw MlflowException.BadRequest(e.Message);
                }
                // The body's object is the field set itself: moving its keys one by one into another object costs
                // time quadratic in their number (a 20,000-key body took seconds).
                fields = JsonNode.Parse(bytes.Span, documentOptions: JsonBody.Options) as JsonObject
                    ?? throw MlflowException.BadRequest("the request body must be a JSON object");
            }
        }
        // Query fields fill in what the body does not give.
        foreach (var (key, values) in context.Request.Query)
        {
            if (!fields.ContainsKey(key))
            {
                fields[key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }
        }
        return new MlflowRequest(fields, context);
    }

    public bool Has(string name) => _fields[name] is not null;

    /// <summary>A field as text: JSON strings as they are, numbers and booleans in their JSON spelling.</summary>
    public string? String(string name) => _fields[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw MlflowException.Invalid($"'{name}' must be a single value, not {_fields[name]!.GetValueKind().ToString().ToLowerInvariant()}"),
    };

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw MlflowException.Invalid($"Missing value for required parameter '{name}'");

    /// <summary>A whole number sent as a JSON number or a string (proto-JSON writes int64 as strings).</summary>
    public long? Long(string name)
    {
        var text = String(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw MlflowException.Invalid($"'{name}' must be a whole number, got '{text}'");
    }

    /// <summary>A time in epoch milliseconds, as MLflow sends <c>timestamp</c>, <c>start_time</c> and <c>end_time</c>; one outside years 1-9999 is invalid.</summary>
    public DateTimeOffset? Time(string name)
    {
        if (Long(name) is not { } milliseconds)
        {
            return null;
        }
        return milliseconds >= MinUnixMilliseconds && milliseconds <= MaxUnixMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw MlflowException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' must be a time in milliseconds since 1970 between {MinUnixMilliseconds} and {MaxUnixMilliseconds}, got {milliseconds}"));
    }

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public long RequiredLong(string name) => Long(name) ?? throw MlflowException.Invalid($"Missing value for required parameter '{name}'");

    /// <summary>Each value of a list field (a JSON array, repeated query keys, or one value).</summary>
    public IReadOnlyList<string> Strings(string name) => _fields[name] switch
    {
        null => [],
        JsonArray array => [.. array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : item?.ToJsonString() ?? "")],
        _ => [String(name)!],
    };

    /// <summary>The objects of an array field such as <c>metrics</c> or <c>tags</c>.</summary>
    public IReadOnlyList<MlflowRequest> Objects(string name) => _fields[name] switch
    {
        null => [],
        JsonArray array => [.. array.Select((item, i) => item is JsonObject o
            ? new MlflowRequest(o, Context)
            : throw MlflowException.Invalid($"'{name}[{i}]' must be an object"))],
        _ => throw MlflowException.Invalid($"'{name}' must be an array"),
    };

    /// <summary>The run named by <c>run_id</c>, or by <c>run_uuid</c> as older clients send it.</summary>
    public string RunId() =>
        String("run_id") is { Length: > 0 } id ? id
        : String("run_uuid") is { Length: > 0 } uuid ? uuid
        : throw MlflowException.Invalid("Missing value for required parameter 'run_id'");

    /// <summary>A double sent as a number or as a string, including MLflow's "NaN" and "Infinity".</summary>
    public double RequiredDouble(string name)
    {
        var node = _fields[name] ?? throw MlflowException.Invalid($"Missing value for required parameter '{name}'");
        var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw MlflowException.Invalid($"'{name}' must be a number, got '{text}'");
    }

    /// <summary>An experiment id as MLflow clients send it: a numeric string or number.</summary>
    public long ExperimentId(string name = "experiment_id")
    {
        var text = RequiredString(name);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw MlflowException.Invalid($"'{name}' must be an experiment id (digits), got '{text}'");
    }

    /// <summary>key/value pairs of an array field like <c>tags</c>.</summary>
    public Dictionary<string, string> Pairs(string name)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Objects(name))
        {
            pairs[item.RequiredString("key")] = item.String("value") ?? "";
        }
        return pairs;
    }
}
