using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Relearn.Cli;
using Relearn.Core;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Scheduling;
using Relearn.Core.Storage;

namespace Relearn.Server.Pipelines;

/// <summary>
/// Pipelines over HTTP: the known pipelines with their schedules, runs with their DAG, stage logs, and triggering or
/// resuming a run, which this server then drives in the background (<see cref="BackgroundPipelineRuns"/>) through the
/// same executor and stage dispatcher as <c>relearn pipeline run</c>.
/// </summary>
internal static class PipelineEndpoints
{
    private const long MaxBodyBytes = 64 * 1024;
    private const int MaxRunsPage = 500;

    public static IEndpointRouteBuilder MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapGroup("/api/v1/pipelines").WithTags("Pipelines");

        pipelines.MapGet("/", ListPipelinesAsync)
            .WithName("ListPipelines").WithSummary("The pipelines this server knows (built-in and configured files), each with its stages, schedules and their next run, and its newest run.");

        pipelines.MapPost("/{name}/runs", TriggerAsync)
            .WithName("TriggerPipelineRun")
            .WithSummary("Start a run of a pipeline; it runs in the background. Optional JSON body: {\"params\": {\"KEY\": \"VALUE\"}, \"force\": [\"STAGE\"]}. 202 with the run id and its Location; 409 while a run of the pipeline is running.")
            .Accepts<PipelineTriggerRequest>("application/json")
            .Produces<PipelineRunAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        pipelines.MapGet("/runs", ListRunsAsync)
            .WithName("ListPipelineRuns").WithSummary("Pipeline runs, newest first (limit 1-500, default 50). Runs whose coordinator stopped heartbeating read interrupted.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        pipelines.MapGet("/runs/{id}", GetRunAsync)
            .WithName("GetPipelineRun").WithSummary("A run and its DAG: each stage's state, cache hit or miss, attempts, duration, error, fingerprint, outputs and metrics.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapGet("/runs/{id}/stages/{stage}/log", GetLogAsync)
            .WithName("GetPipelineStageLog").WithSummary("The output a stage attempt wrote (the newest attempt with a log, or ?attempt=N), as text/plain.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapPost("/runs/{id}/resume", ResumeAsync)
            .WithName("ResumePipelineRun").WithSummary("Continue an interrupted or failed run in the background: complete stages are not redone. 409 when it succeeded or a live coordinator holds it.")
            .Produces<PipelineRunAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<PipelineList>> ListPipelinesAsync(PipelineCatalog catalog, IPipelineStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        await store.ReapExpiredAsync(cancellationToken);
        var now = time.GetUtcNow();
        var list = new List<PipelineSummary>();
        foreach (var (name, source) in catalog.All())
        {
            var definition = source.Parse();
            var last = (await store.ListPipelineRunsAsync(name, 1, cancellationToken)).FirstOrDefault();
            list.Add(new PipelineSummary(name, source.Origin, PipelineGraph.Order(definition).Select(s => s.Name).ToArray(), definition.Params,
                definition.Schedules.Select(s => new ScheduleSummary(s.Name, s.Cron, s.TimeZone, s.Missed == MissedRunPolicy.Skip ? "skip" : "run-once", s.Params,
                    NextRun(s, now))).ToArray(),
                last is null ? null : Summary(last)));
        }
        return TypedResults.Ok(new PipelineList(list));
    }

    private static DateTimeOffset? NextRun(ScheduleDefinition schedule, DateTimeOffset now)
    {
        try
        {
            return ScheduleOccurrences.Next(schedule, now);
        }
        catch (RelearnException)
        {
            return null; // a bad schedule is reported when the server starts; the list still shows the pipeline
        }
    }

    private static async Task<AcceptedAtRoute<PipelineRunAccepted>> TriggerAsync(string name, HttpRequest request, PipelineCatalog catalog,
        BackgroundPipelineRuns runs, CancellationToken cancellationToken)
    {
        var (overrides, force) = await ReadTriggerAsync(request, cancellationToken);
        if (!catalog.All().TryGetValue(name, out var source))
        {
            throw RelearnException.NotFound($"no pipeline named '{name}' (known: {string.Join(", ", catalog.All().Keys)})");
        }
        var run = await runs.StartAsync(source, overrides, force, Trigger(request), cancellationToken);
        return Accepted(run);
    }

    private static async Task<AcceptedAtRoute<PipelineRunAccepted>> ResumeAsync(string id, BackgroundPipelineRuns runs, IPipelineStore store, CancellationToken cancellationToken)
    {
        await runs.ResumeAsync(id, cancellationToken);
        return Accepted((await store.GetPipelineRunAsync(id, cancellationToken))!);
    }

    private static AcceptedAtRoute<PipelineRunAccepted> Accepted(PipelineRun run) =>
        TypedResults.AcceptedAtRoute(new PipelineRunAccepted(run.Id, run.Pipeline, PipelineView.Lower(run.State), run.Trigger), "GetPipelineRun", new { id = run.Id });

    /// <summary>What started the run: <c>http</c>, or <c>http:TOKEN-NAME</c> when the server requires tokens.</summary>
    private static string Trigger(HttpRequest request) =>
        request.HttpContext.User.Identity?.Name is { Length: > 0 } actor ? $"http:{actor}" : "http";

    private static async Task<Ok<PipelineRunList>> ListRunsAsync(IPipelineStore store, string? pipeline, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? 50;
        if (size is < 1 or > MaxRunsPage)
        {
            throw RelearnException.Invalid($"limit must be between 1 and {MaxRunsPage}, got {size}");
        }
        await store.ReapExpiredAsync(cancellationToken);
        var runs = await store.ListPipelineRunsAsync(string.IsNullOrEmpty(pipeline) ? null : pipeline, size, cancellationToken);
        return TypedResults.Ok(new PipelineRunList(runs.Select(Summary).ToArray()));
    }

    private static async Task<Ok<PipelineRunDetail>> GetRunAsync(string id, IPipelineStore store, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        await store.ReapExpiredAsync(cancellationToken);
        var run = await store.GetPipelineRunAsync(id, cancellationToken) ?? throw RelearnException.NotFound($"pipeline run {id} does not exist");
        var attempts = await store.GetStageAttemptsAsync(id, cancellationToken);
        var definition = PipelineYaml.Parse(await artifacts.ReadTextAsync(run.DefinitionDigest, cancellationToken), $"pipeline {run.Pipeline}");
        var view = PipelineView.Of(run, attempts, definition);
        return TypedResults.Ok(new PipelineRunDetail(run.Id, run.Pipeline, view.State, run.Trigger, run.Error, run.CreatedAt, run.EndedAt, run.Params, run.Forced,
            view.Stages.Select(s => PipelineContractMapping.Detail(s, attempts.LastOrDefault(a => a.Stage == s.Stage)?.Fingerprint)).ToArray()));
    }

    private static async Task<IResult> GetLogAsync(string id, string stage, int? attempt, IPipelineStore store, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var run = await store.GetPipelineRunAsync(id, cancellationToken) ?? throw RelearnException.NotFound($"pipeline run {id} does not exist");
        var attempts = (await store.GetStageAttemptsAsync(id, cancellationToken)).Where(a => a.Stage == stage).ToArray();
        if (attempts.Length == 0)
        {
            throw RelearnException.NotFound($"pipeline run {id} has no attempt of stage '{stage}'");
        }
        var chosen = attempt is { } number
            ? attempts.FirstOrDefault(a => a.Attempt == number) ?? throw RelearnException.NotFound($"stage {stage} of run {id} has no attempt {number}")
            : attempts.LastOrDefault(a => a.LogDigest is not null) ?? attempts[^1];
        if (chosen.LogDigest is null)
        {
            throw RelearnException.NotFound(chosen.CachedFromRun is { } from
                ? $"stage {stage} of run {run.Id} was cached from run {from}; its log is there"
                : $"stage {stage} attempt {chosen.Attempt} of run {run.Id} has no log yet");
        }
        return TypedResults.Text(await artifacts.ReadTextAsync(chosen.LogDigest, cancellationToken), "text/plain; charset=utf-8");
    }

    private static PipelineRunSummary Summary(PipelineRun r) =>
        new(r.Id, r.Pipeline, PipelineView.Lower(r.State), r.Trigger, r.CreatedAt, r.EndedAt, r.Error);

    private static async Task<(IReadOnlyDictionary<string, string> Params, IReadOnlyCollection<string> Force)> ReadTriggerAsync(HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && request.ContentType is null)
        {
            return (new Dictionary<string, string>(), []);
        }
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RelearnException.Invalid("the body must be a JSON object: {\"params\": {...}, \"force\": [...]}");
        }
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var force = new List<string>();
        foreach (var field in root.EnumerateObject())
        {
            switch (field.Name)
            {
                case "params" when field.Value.ValueKind == JsonValueKind.Object:
                    foreach (var p in field.Value.EnumerateObject())
                    {
                        overrides[p.Name] = p.Value.ValueKind switch
                        {
                            JsonValueKind.String => p.Value.GetString()!,
                            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                            _ => throw RelearnException.Invalid($"params.{p.Name} must be a string or a number, got {p.Value.GetRawText()}"),
                        };
                    }
                    break;
                case "force" when field.Value.ValueKind == JsonValueKind.Array:
                    force.AddRange(field.Value.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()!
                        : throw RelearnException.Invalid($"force must list stage names, got {s.GetRawText()}")));
                    break;
                case "params" or "force":
                    throw RelearnException.Invalid($"{field.Name} must be {(field.Name == "params" ? "an object of KEY: VALUE" : "an array of stage names")}");
                default:
                    throw RelearnException.Invalid($"unknown field '{field.Name}' (expected params, force)");
            }
        }
        return (overrides, force);
    }
}
