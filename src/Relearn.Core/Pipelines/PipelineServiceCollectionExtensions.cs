using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relearn.Core.Metadata;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Pipelines;

/// <summary>Registers the pipeline runner, its built-in steps and the built-in pipelines.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runner, the in-process dispatcher (a queue-backed one may replace it; others are added by name with
    /// <see cref="AddStageDispatcher"/> and picked with <see cref="StageDispatchers"/>) and the task-independent steps
    /// command, validate, evaluate, register, promote, export, predict-batch and report. Tasks add their steps with
    /// <see cref="AddPipelineStep{TStep}"/> and their pipelines with <see cref="AddBuiltInPipeline"/>.
    /// </summary>
    public static IServiceCollection AddRelearnPipelines(this IServiceCollection services)
    {
        services.AddOptions<PipelineRunnerOptions>().BindConfiguration("Relearn:Pipelines").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Scheduling.PipelineSchedulerOptions>().BindConfiguration(Scheduling.PipelineSchedulerOptions.Section);
        services.TryAddSingleton<IPipelineStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddPipelineStep<CommandStep>().AddPipelineStep<RegisterStep>()
            .AddPipelineStep<PromoteStep>().AddPipelineStep<ExportStep>()
            .AddPipelineStep<ValidateStep>().AddPipelineStep<EvaluateStep>().AddPipelineStep<PredictBatchStep>().AddPipelineStep<ReportStep>();
        services.AddPipelineStep<MonitorStep>();
        services.TryAddSingleton<PipelineStepCatalog>();
        services.TryAddSingleton<PipelineCatalog>();
        services.TryAddSingleton<PipelineRunner>();
        services.TryAddSingleton<InProcessStageDispatcher>();
        services.TryAddSingleton<IStageDispatcher>(sp => sp.GetRequiredService<InProcessStageDispatcher>());
        services.AddStageDispatcher(StageDispatchers.InProcess, sp => sp.GetRequiredService<InProcessStageDispatcher>());
        services.TryAddSingleton<StageDispatchers>();
        services.TryAddSingleton<PipelineExecutor>();
        services.TryAddSingleton<PipelinePlanner>();
        return services;
    }

    /// <summary>Adds a stage dispatcher runs can ask for by <paramref name="name"/> (<c>relearn pipeline run --executor NAME</c>).</summary>
    public static IServiceCollection AddStageDispatcher(this IServiceCollection services, string name, Func<IServiceProvider, IStageDispatcher> create)
    {
        services.AddSingleton(new NamedStageDispatcher(name, create));
        return services;
    }

    /// <summary>Adds a step, found by its name in pipeline files.</summary>
    public static IServiceCollection AddPipelineStep<TStep>(this IServiceCollection services) where TStep : class, IPipelineStep
    {
        services.AddSingleton<IPipelineStep, TStep>();
        return services;
    }

    /// <summary>Adds a pipeline shipped as an embedded YAML resource, run by name.</summary>
    public static IServiceCollection AddBuiltInPipeline(this IServiceCollection services, string name, System.Reflection.Assembly assembly, string resource)
    {
        services.AddSingleton(new BuiltInPipeline(name, assembly, resource));
        return services;
    }
}
