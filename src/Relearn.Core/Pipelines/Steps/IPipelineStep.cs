using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// What a stage runs, found by <see cref="Name"/>. Steps are singletons in DI (Relearn.GitHub adds its own) and get
/// everything from the <see cref="StepContext"/>, the stores and the artifacts — never from the coordinator's memory —
/// so any worker process can run any stage. Bump <see cref="Version"/> when the step's behaviour changes: it is part of
/// every fingerprint, so cached results of the old behaviour are not reused.
/// </summary>
public interface IPipelineStep
{
    /// <summary>Name used in pipeline files (<c>step: validate</c>); a task's steps carry the task's name (<c>train-issue-close</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Older names pipeline files may still use for this step (<c>train</c> for <c>train-text-classification</c>), so
    /// renaming a step never breaks a file.
    /// </summary>
    IReadOnlyList<string> Aliases => [];

    /// <summary>
    /// True for a step whose result depends on the world rather than its arguments (<c>monitor</c> reads the prediction
    /// log as it is now): it runs every time and is never served from the cache.
    /// </summary>
    bool AlwaysRuns => false;

    /// <summary>Behaviour version, part of the fingerprint.</summary>
    string Version { get; }

    /// <summary>The arguments (<c>with:</c>) it takes and the outputs it produces.</summary>
    StepSignature Signature { get; }

    /// <summary>Runs the step. Throw <see cref="RelearnException"/> (or any exception) to fail the attempt; it is retried as the stage says.</summary>
    Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A step's arguments and outputs. <paramref name="StageDeclaresOutputs"/> is true for <c>command</c>, whose outputs
/// are the files the stage lists.
/// </summary>
public sealed record StepSignature(IReadOnlyList<string> Required, IReadOnlyList<string> Optional, IReadOnlyList<string> Outputs, bool StageDeclaresOutputs = false)
{
    /// <summary>Arguments that name a file (relative to the project folder) whose content the result depends on, e.g. <c>validate</c>'s <c>suite</c>: digested into the stage fingerprint like inputs.</summary>
    public IReadOnlyList<string> FileArguments { get; init; } = [];

    /// <summary>The outputs a stage using this step has.</summary>
    public IReadOnlyList<string> OutputsOf(StageDefinition stage) => StageDeclaresOutputs ? stage.Outputs : Outputs;
}

/// <summary>Everything one attempt of a stage gets: resolved values, the project folder and a log that is kept.</summary>
/// <param name="RunId">The pipeline run.</param>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Stage">The stage as written.</param>
/// <param name="Command">Resolved command (for <c>command</c>).</param>
/// <param name="With">Resolved arguments.</param>
/// <param name="Env">Resolved environment.</param>
/// <param name="Inputs">Resolved input paths (relative to the project folder).</param>
/// <param name="ProjectFolder">Folder relative paths are read from and written to.</param>
/// <param name="Log">The attempt's log, stored as an artifact when the attempt ends.</param>
public sealed record StepContext(string RunId, string Pipeline, StageDefinition Stage, IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> With, IReadOnlyDictionary<string, string> Env, IReadOnlyList<string> Inputs, string ProjectFolder, TextWriter Log)
{
    /// <summary>A required argument (validation guarantees it is present).</summary>
    public string Arg(string name) => With.TryGetValue(name, out var v) ? v : throw RelearnException.Invalid($"stage {Stage.Name}: missing argument '{name}'");

    /// <summary>An optional argument, or null when absent or empty.</summary>
    public string? OptionalArg(string name) => With.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>A path argument resolved against the project folder.</summary>
    public string PathArg(string value) => Path.GetFullPath(Path.Combine(ProjectFolder, value));

    /// <summary>Progress lines written to <see cref="Log"/> on the reporting thread (see <see cref="SynchronousProgress{T}"/> for why not <see cref="Progress{T}"/>).</summary>
    public IProgress<string> LogProgress => new SynchronousProgress<string>(Log.WriteLine);
}

/// <summary>What a step produced: its outputs by name and the metrics it measured (alerts read these).</summary>
public sealed record StepResult(IReadOnlyDictionary<string, StageOutput> Outputs, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>A result with outputs and no metrics.</summary>
    public static StepResult Of(IReadOnlyDictionary<string, StageOutput> outputs) => new(outputs, new Dictionary<string, double>());
}

/// <summary>What an output is.</summary>
public enum StageOutputKind
{
    /// <summary>A file under the project folder (<see cref="StageOutput.Value"/> is its path), stored by <see cref="StageOutput.Digest"/>.</summary>
    File,
    /// <summary>A blob in the artifact store (<see cref="StageOutput.Value"/> is its digest).</summary>
    Artifact,
    /// <summary>A reference into the stores: a tracking run id, a model version <c>name:3</c>, a dataset <c>name:2</c>.</summary>
    Reference,
}

/// <summary>One output of a stage; <c>${stages.S.outputs.NAME}</c> resolves to <see cref="Value"/>.</summary>
public sealed record StageOutput(StageOutputKind Kind, string Value, string? Digest = null)
{
    /// <summary>What identifies the content: the digest for files and blobs, the value for references.</summary>
    public string Identity => Digest ?? Value;

    /// <summary>A file output.</summary>
    public static StageOutput File(string path, string digest) => new(StageOutputKind.File, path, digest);

    /// <summary>A reference output.</summary>
    public static StageOutput Reference(string value) => new(StageOutputKind.Reference, value);
}
