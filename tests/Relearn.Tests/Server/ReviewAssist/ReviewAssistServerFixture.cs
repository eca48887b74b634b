using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.Server;

namespace Relearn.Tests.Server.ReviewAssist;

/// <summary>A real <c>relearn serve</c> on Kestrel over a temp home where <c>review-assist</c> v1, trained on the shipped training samples, is production.</summary>
public class ReviewAssistServerFixture : IAsyncLifetime
{
    /// <summary>The largest diff review-assist scores here (small, so the limit is testable without megabytes).</summary>
    public const int MaxDiffChars = 50_000;

    /// <summary>The server's request body limit.</summary>
    public const int MaxRequestBodyBytes = 200_000;

    private readonly string? _token;

    public ReviewAssistServerFixture() : this(Token)
    {
    }

    /// <summary>A server whose bot posts with <paramref name="token"/>, or only logs (a dry run) without one.</summary>
    protected ReviewAssistServerFixture(string? token) => _token = token;

    private readonly string _home = Directory.CreateTempSubdirectory("relearn-review-").FullName;
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The fake GitHub the bot talks to (a real HTTP server).</summary>
    public FakeGitHub GitHub { get; } = new();

    public const string WebhookSecret = "It's a Secret to Everybody";

    public const string Token = "ghp_review_bot_test_token";

    public IServiceProvider Services => _app.Services;

    public static string CodeReview(string name) => Path.Combine(AppContext.BaseDirectory, "samples", "code-review", name);

    /// <summary>More settings for a derived fixture's server.</summary>
    protected virtual void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await GitHub.StartAsync();
        _app = RelearnServer.Build(RelearnLocation.Resolve(_home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Relearn:ReviewAssist:MaxDiffChars"] = MaxDiffChars.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Configuration["Relearn:GitHub:WebhookSecret"] = WebhookSecret;
            builder.Configuration["Relearn:GitHub:Token"] = _token;
            builder.Configuration["Relearn:GitHub:ApiUrl"] = GitHub.ApiUrl;
            builder.Configuration["Relearn:Serving:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Configure(builder.Configuration);
        });
        var training = _app.Services.GetRequiredService<ReviewAssistTraining>();
        var registry = _app.Services.GetRequiredService<ModelRegistry>();
        var run = await training.TrainAsync([CodeReview("cls-diff_estimation_1_100.jsonl"), CodeReview("comment-generation-329.jsonl")],
            [CodeReview("cls-diff_estimation_101_200.jsonl")], new ReviewAssistTrainingOptions { Trials = 3, Parallelism = 2 });
        await registry.RegisterAsync(ReviewAssistTraining.Name, run.RunId);
        await registry.PromoteAsync(ReviewAssistTraining.Name, 1);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await GitHub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
