using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Pipelines.Caching;

/// <summary>
/// What a stage's result depends on: the step and its version, the stage as written (command, arguments,
/// environment, declared outputs), the params it references, the digests of its input files and of every output of
/// the stages it waits for. Equal details mean equal results, so the recorded outputs are reused (DVC's rule).
/// </summary>
public sealed record FingerprintDetail(
    string Step,
    string Definition,
    SortedDictionary<string, string> Params,
    SortedDictionary<string, string> Inputs,
    SortedDictionary<string, string> Upstream)
{
    /// <summary>SHA-256 (hex) of the detail's canonical JSON.</summary>
    [JsonIgnore]
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Canonical JSON (sorted keys), as stored beside the fingerprint.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Compact);

    /// <summary>Reads a stored detail; null when absent or unreadable.</summary>
    public static FingerprintDetail? FromJson(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<FingerprintDetail>(json, JsonDefaults.Compact);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why this detail differs from <paramref name="previous"/>, one short phrase per difference.</summary>
    public IReadOnlyList<string> ChangesSince(FingerprintDetail previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var reasons = new List<string>();
        if (Step != previous.Step)
        {
            reasons.Add($"step changed ({previous.Step} -> {Step})");
        }
        if (Definition != previous.Definition)
        {
            reasons.Add("stage definition changed");
        }
        reasons.AddRange(Diff(Params, previous.Params, (key, before, after) => $"param {key} changed ({before ?? "unset"} -> {after ?? "unset"})"));
        reasons.AddRange(Diff(Inputs, previous.Inputs, (key, _, _) => $"input {key} changed"));
        reasons.AddRange(Diff(Upstream, previous.Upstream, (key, _, _) => $"upstream {key} changed"));
        return reasons;
    }

    private static IEnumerable<string> Diff(SortedDictionary<string, string> now, SortedDictionary<string, string> before, Func<string, string?, string?, string> say) =>
        now.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
            .Where(k => now.GetValueOrDefault(k) != before.GetValueOrDefault(k))
            .Select(k => say(k, before.GetValueOrDefault(k), now.GetValueOrDefault(k)));
}

/// <summary>Computes <see cref="FingerprintDetail"/>s.</summary>
public static class StageFingerprint
{
    /// <summary>
    /// The detail of <paramref name="stage"/> given resolved <paramref name="parameters"/> and the outputs of the stages
    /// it waits for; input files are digested under <paramref name="projectFolder"/>.
    /// </summary>
    public static async Task<FingerprintDetail> ComputeAsync(StageDefinition stage, IPipelineStep step, IReadOnlyDictionary<string, string> parameters,
        string projectFolder, IReadOnlyDictionary<string, IReadOnlyDictionary<string, StageOutput>> upstream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(step);
        var definition = JsonSerializer.Serialize(new
        {
            command = stage.Command,
            with = new SortedDictionary<string, string>(stage.With.ToDictionary(), StringComparer.Ordinal),
            env = new SortedDictionary<string, string>(stage.Env.ToDictionary(), StringComparer.Ordinal),
            inputs = stage.Inputs,
            outputs = stage.Outputs,
        }, JsonDefaults.Compact);
        var used = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Template.ParamsIn(stage.Command.Concat(stage.With.Values).Concat(stage.Env.Values).Concat(stage.Inputs)))
        {
            used[name] = parameters[name];
        }
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in stage.Inputs)
        {
            var path = Template.Resolve(input, parameters, (_, _) => "");
            inputs[path] = await FileDigest.ComputeAsync(Path.Combine(projectFolder, path), cancellationToken);
        }
        foreach (var argument in step.Signature.FileArguments)
        {
            if (stage.With.TryGetValue(argument, out var value) && Template.Resolve(value, parameters, (_, _) => "") is { Length: > 0 } path)
            {
                var full = Path.Combine(projectFolder, path);
                // A missing file fails the step with its own message; here it only has to differ from any content.
                inputs[$"with.{argument}:{path}"] = File.Exists(full) ? await FileDigest.ComputeAsync(full, cancellationToken) : "missing";
            }
        }
        var upstreamDigests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, outputs) in upstream)
        {
            foreach (var (output, value) in outputs)
            {
                upstreamDigests[$"{name}.{output}"] = value.Identity;
            }
        }
        // The step as the file names it (an alias included), so renaming a step keeps the cache of files using the old name.
        return new FingerprintDetail($"{stage.Step}@{step.Version}", definition, used, inputs, upstreamDigests);
    }
}

/// <summary>SHA-256 of a file, streamed.</summary>
public static class FileDigest
{
    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
