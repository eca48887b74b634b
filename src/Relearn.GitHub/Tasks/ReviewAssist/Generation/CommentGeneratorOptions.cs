using System.ComponentModel.DataAnnotations;

namespace Relearn.GitHub.Tasks.ReviewAssist.Generation;

/// <summary>
/// The optional comment generator (<c>Relearn:ReviewAssist:Generator</c>): any OpenAI-compatible chat-completions endpoint
/// (a local Ollama or vLLM, or a hosted one). Off unless <see cref="Endpoint"/> is set.
/// </summary>
public sealed class CommentGeneratorOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Relearn:ReviewAssist:Generator";

    /// <summary>The API root, e.g. <c>http://localhost:11434/v1</c> (Ollama) or <c>http://localhost:8000/v1</c> (vLLM); unset = off.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the endpoint serves, e.g. <c>qwen2.5-coder:7b</c>; required with <see cref="Endpoint"/>.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token; local servers need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one generation may take before the answer goes out with retrieval suggestions only.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>How many retrieved comments are given to the model as examples.</summary>
    [Range(0, 10)]
    public int Examples { get; set; } = 3;

    /// <summary>Longest answer asked for, in tokens.</summary>
    [Range(16, 4096)]
    public int MaxOutputTokens { get; set; } = 200;

    /// <summary>How many of a pull request's comments (<c>{"diff"}</c> answers, the bot) are generated at once.</summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 4;

    /// <summary>True when a generator is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"{Section}:Endpoint '{Endpoint}' is not an http(s) URL such as http://localhost:11434/v1", [nameof(Endpoint)]);
        }
        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult($"{Section}:Model is required when {Section}:Endpoint is set (the model the endpoint serves)", [nameof(Model)]);
        }
    }
}
