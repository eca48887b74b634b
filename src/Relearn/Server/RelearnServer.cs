using System.Reflection;
using Prometheus;
using Relearn.Core.Hosting;
using Relearn.Server.Access;
using Relearn.Core.Pipelines.Scheduling;
using Relearn.Core.Rollout;
using Relearn.Server.Mlflow;
using Relearn.Server.Monitoring;
using Relearn.Server.Pipelines;
using Relearn.Server.Registry;
using Relearn.Server.Rollout;
using Relearn.Server.Ui;

namespace Relearn.Server;

/// <summary>Builds the HTTP server: serving and registry API, MLflow API, health, metrics, OpenAPI with interactive docs, the try-it page and the web UI.</summary>
internal static class RelearnServer
{
    public static WebApplication Build(RelearnLocation location, string urls, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(urls);
        // As ASP.NET's own templates do: per-request framework logs only at Warning (at Information they cost
        // about a third of the throughput); Logging:LogLevel:Microsoft.AspNetCore in configuration overrides it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddRelearn(location);
        builder.Services.AddRelearnServer();
        builder.Services.AddRelearnAccess(urls);
        builder.Services.AddHostedService<WebhookService>();
        builder.Services.AddPipelineScheduler();
        builder.Services.AddRolloutController();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseRelearnAccess();
        app.MapRelearnServer();
        app.MapHangfireDashboard(location);
        return app;
    }

    public static IServiceCollection AddRelearnServer(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Problems the framework raises itself (routing, status code pages) get a reason too.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status415UnsupportedMediaType => "send the body as JSON with Content-Type: application/json",
                StatusCodes.Status404NotFound => $"no resource at {context.HttpContext.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}",
                _ => null,
            };
        });
        services.AddExceptionHandler<ProblemMapping>();
        // Bodies bound by the framework are read as JsonBody reads the rest: a repeated key is a 400, not a last-one-wins guess.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.AllowDuplicateProperties = false);
        services.AddGitHubWebhooks();
        services.AddSingleton<ServingMetrics>();
        services.AddRelearnMonitoring();
        services.AddSingleton<ProductionModelWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<ProductionModelWarmup>());
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<ProductionModelWarmup>("production-models", tags: ["ready"]);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Relearn";
            document.Info.Description = "Model serving API of relearn serve. Errors are application/problem+json.";
            document.Info.Version = "v1";
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapRelearnServer(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportJson.WriteAsync });
        app.Services.GetRequiredService<MonitoringMetrics>();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServingMetrics>().Registry);
        // One document: other names are a 404 problem like any unknown path, not the OpenAPI middleware's text/plain.
        app.MapOpenApi("/openapi/v1.json");
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Relearn v1");
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Relearn API";
        });
        app.MapPredictionEndpoints();
        app.MapFeedbackEndpoints();
        app.MapGitHubWebhookEndpoints();
        app.MapRegistryEndpoints();
        app.MapPackageEndpoints();

        app.MapMonitoringEndpoints();

        app.MapRolloutEndpoints();
        app.MapQualityEndpoints();
        app.MapPipelineEndpoints();
        app.MapMlflowEndpoints();
        app.MapRelearnUi();
        app.MapMlflowArtifactProxy();
        app.MapPage("/", ReadPage("try.html"));
        return app;
    }

    private static string ReadPage(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Relearn.Server.Pages.{name}")
            ?? throw new InvalidOperationException($"page {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
