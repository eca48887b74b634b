using System.Diagnostics;
using System.Text.Json;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// Runs an external program in the project folder with the stage's arguments and environment; its output and error
/// go to the attempt's log. A non-zero exit fails the attempt. The files the stage lists as outputs must exist
/// afterwards; each is stored in the artifact store by digest. With <c>metrics: FILE</c> the program reports metrics as a
/// JSON object of numbers, which alerts can check. On Linux the program runs in its own process group that ends when
/// the step is cancelled (timeout, lost lease, Ctrl+C) and when relearn dies, even by SIGKILL (<see cref="ProcessGroup"/>).
/// </summary>
public sealed class CommandStep(IArtifactStore artifacts) : IPipelineStep
{
    /// <summary>The step's name.</summary>
    public const string StepName = "command";

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["metrics"], [], StageDeclaresOutputs: true);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = ProcessGroup.StartInfo(context.Command);
        start.WorkingDirectory = context.ProjectFolder;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in context.Env)
        {
            start.Environment[key] = value;
        }
        start.Environment["RELEARN_PIPELINE_RUN"] = context.RunId;
        start.Environment["RELEARN_PIPELINE_STAGE"] = context.Stage.Name;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { context.Log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { context.Log.WriteLine(e.Data); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: cannot start '{context.Command[0]}': {e.Message}");
        }
        // Under the group wrapper stdin stays open: it is how the wrapper learns that this process died (see ProcessGroup).
        if (!ProcessGroup.IsWrapped(start))
        {
            process.StandardInput.Close();
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await ProcessGroup.EndAsync(process);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw RelearnException.Invalid($"'{context.Command[0]}' exited with code {process.ExitCode}");
        }
        var outputs = new Dictionary<string, StageOutput>(StringComparer.Ordinal);
        foreach (var output in context.Stage.Outputs)
        {
            var path = Path.Combine(context.ProjectFolder, output);
            if (!File.Exists(path))
            {
                throw RelearnException.Invalid($"the command did not write its output '{output}'");
            }
            await using var stream = File.OpenRead(path);
            var stored = await artifacts.PutAsync(stream, cancellationToken);
            outputs[output] = StageOutput.File(output, stored.Digest);
        }
        return new StepResult(outputs, await ReadMetricsAsync(context, cancellationToken));
    }

    private static async Task<IReadOnlyDictionary<string, double>> ReadMetricsAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.OptionalArg("metrics") is not { } file)
        {
            return new Dictionary<string, double>();
        }
        var path = context.PathArg(file);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<Dictionary<string, double>>(stream, cancellationToken: cancellationToken)
                ?? throw RelearnException.Invalid($"metrics file {file} is empty");
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw RelearnException.Invalid($"metrics file {file} is not a JSON object of numbers: {e.Message}");
        }
    }
}
