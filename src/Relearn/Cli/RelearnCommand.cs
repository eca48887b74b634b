using System.CommandLine;

namespace Relearn.Cli;

/// <summary>The root command with every verb.</summary>
internal static class RelearnCommand
{
    public static RootCommand Create() => new("Relearn: train, track, register, promote and serve ML models")
    {
        CliContext.Home, CliContext.Store, CliContext.Artifacts,
        QuickstartCommand.Create(),
        IngestCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        PredictCommand.Create(),
        ModelsCommand.Create(),
        RunsCommand.Create(),
        PipelineCommand.Create(),
        DatasetsCommand.Create(),
        ServeCommand.Create(),
        WorkerCommand.Create(),
        WebhooksCommand.Create(),
        MonitorCommand.Create(),
        ValidateCommand.Create(),
    };
}
