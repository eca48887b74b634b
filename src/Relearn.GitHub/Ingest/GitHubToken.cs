namespace Relearn.GitHub.Ingest;

/// <summary>
/// A GitHub token. It is only ever written into the <c>Authorization</c> header of requests to the API's own
/// origin; <see cref="ToString"/> is redacted so it cannot leak into logs, records or exceptions.
/// </summary>
public sealed class GitHubToken
{
    private GitHubToken(string value) => Value = value;

    internal string Value { get; }

    /// <summary>The token in the environment variable <paramref name="variable"/>, or null when it is unset or empty (unauthenticated).</summary>
    public static GitHubToken? FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        return Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value) ? new GitHubToken(value.Trim()) : null;
    }

    /// <summary>Wraps a token value.</summary>
    public static GitHubToken Create(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return new GitHubToken(value.Trim());
    }

    /// <summary>Always <c>***</c>.</summary>
    public override string ToString() => "***";
}
