// The Kestrel ceiling for the serving benchmark: the same POST with a JSON body and a JSON answer of the same shape
// as relearn's predict, with no model, no routing by rollout and no prediction log. What relearn serve reaches as a
// share of this is the cost of everything it does per request (bench/serving/compare_serving.sh).
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = """{"label":"positive","confidence":0.9,"probability":0.9,"model":"sentiment","version":1,"prediction_id":"00000000-0000-0000-0000-000000000000"}"""u8.ToArray();
app.MapPost("/predict", async (HttpContext context) =>
{
    // Parsed like a real request body, so the ceiling does the same I/O and JSON work before answering.
    using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    context.Response.ContentType = "application/json";
    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
});
app.MapGet("/health", () => "ok");
app.Run();
