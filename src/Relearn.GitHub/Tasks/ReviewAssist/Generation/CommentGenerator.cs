using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Tasks.ReviewAssist.Generation;

/// <summary>
/// Writes a review comment for a hunk with a chat model behind <see cref="IChatClient"/> (Microsoft.Extensions.AI), given the
/// comments reviewers wrote on the most similar past hunks as examples. Optional and never in the way: off unless configured
/// (<see cref="CommentGeneratorOptions"/>), and a failure, a refusal or a timeout only logs a warning — the answer then
/// carries the retrieval suggestions alone.
/// </summary>
public sealed class CommentGenerator : IDisposable
{
    /// <summary>The <c>source</c> of a generated suggestion.</summary>
    public const string Source = "generator";

    private const string Instructions =
        "You are an experienced code reviewer. Write one short review comment (at most two sentences) on the diff hunk you are " +
        "given, as a human reviewer on this project would write it; the example comments were written by reviewers on similar " +
        "code. Reply with the comment text only.";

    private readonly CommentGeneratorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CommentGenerator> _logger;
    private readonly Lazy<IChatClient>? _client;

    /// <summary>A generator for the configured endpoint, or a disabled one when none is configured.</summary>
    public CommentGenerator(IOptions<CommentGeneratorOptions> options, TimeProvider time, ILogger<CommentGenerator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (_options.Enabled)
        {
            _client = new Lazy<IChatClient>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>True when a generator is configured.</summary>
    public bool Enabled => _client is not null;

    /// <summary>
    /// A generated suggestion for <paramref name="hunk"/>, scored as the best retrieved example it was shown (it is placed first),
    /// or null when the generator is off, fails or runs out of time.
    /// </summary>
    public async Task<CommentSuggestion?> GenerateAsync(DiffHunk hunk, string language, IReadOnlyList<CommentSuggestion> retrieved, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hunk);
        ArgumentNullException.ThrowIfNull(retrieved);
        if (_client is null)
        {
            return null;
        }
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var response = await _client.Value.GetResponseAsync(Messages(hunk, language, retrieved),
                new ChatOptions { MaxOutputTokens = _options.MaxOutputTokens, Temperature = 0.2f }, linked.Token);
            var text = response.Text.Trim();
            if (text.Length == 0)
            {
                _logger.GeneratorFailed(_options.Endpoint!, "the model answered with no text");
                return null;
            }
            return new CommentSuggestion(text.Length <= 2000 ? text : text[..2000], retrieved.Count > 0 ? retrieved[0].Score : 0, Source);
        }
        // Our deadline, or the SDK's own network timeout (the same length) firing first: either way the caller did not cancel.
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.GeneratorTimedOut(_options.Endpoint!, _options.TimeoutSeconds);
            return null;
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _logger.GeneratorFailed(_options.Endpoint!, $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" "));
            return null;
        }
    }

    /// <summary>
    /// The comments of a pull request's flagged hunks, each written by the generator where it answers (<c>source:
    /// generator</c>) and the retrieved one where it does not; at most <see cref="CommentGeneratorOptions.Concurrency"/>
    /// calls at once, in the hunks' order.
    /// </summary>
    public async Task<IReadOnlyList<ReviewComment>> WriteCommentsAsync(IReadOnlyList<FlaggedHunk> flagged, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flagged);
        var comments = flagged.Select(f => f.Comment).ToArray();
        if (_client is null)
        {
            return comments;
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, flagged.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                if (await GenerateAsync(flagged[i].Hunk, flagged[i].Language, flagged[i].Suggestions, token) is { } generated)
                {
                    comments[i] = comments[i] with { Body = generated.Body, Source = Source };
                }
            });
        return comments;
    }

    private List<ChatMessage> Messages(DiffHunk hunk, string language, IReadOnlyList<CommentSuggestion> retrieved)
    {
        var prompt = new StringBuilder();
        var examples = retrieved.Take(_options.Examples).ToList();
        if (examples.Count > 0)
        {
            prompt.AppendLine("Comments reviewers wrote on similar code:");
            foreach (var example in examples)
            {
                prompt.Append("- ").AppendLine(example.Body.ReplaceLineEndings(" ").Trim());
            }
            prompt.AppendLine();
        }
        prompt.Append(CultureInfo.InvariantCulture, $"Language: {language}\nDiff hunk:\n```\n{hunk.Text}\n```");
        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt.ToString())];
    }

    private IChatClient Create()
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            // One try: the answer must not wait on retries of an optional extra.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // OpenAI-compatible local servers ignore the key, but the SDK needs one to build its client.
        var key = new ApiKeyCredential(string.IsNullOrEmpty(_options.ApiKey) ? "unused" : _options.ApiKey);
        return new OpenAI.Chat.ChatClient(_options.Model!, key, options).AsIChatClient();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_client is { IsValueCreated: true })
        {
            _client.Value.Dispose();
        }
    }
}
