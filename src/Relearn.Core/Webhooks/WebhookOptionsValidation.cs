using System.Globalization;
using Microsoft.Extensions.Options;

namespace Relearn.Core.Webhooks;

/// <summary>Checks <c>Relearn:Webhooks</c> at start, with a message naming the entry and the setting.</summary>
internal sealed class WebhookOptionsValidation : IValidateOptions<List<WebhookOptions>>
{
    public ValidateOptionsResult Validate(string? name, List<WebhookOptions> options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var hook = options[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Relearn:Webhooks:{i}");
            if (string.IsNullOrWhiteSpace(hook.Name))
            {
                failures.Add($"{at}:Name is required");
            }
            else if (!names.Add(hook.Name))
            {
                failures.Add($"{at}:Name '{hook.Name}' is used twice");
            }
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{at}:Url must be an absolute http or https URL");
            }
            if (hook.Format is not (WebhookOptions.RelearnFormat or WebhookOptions.GitHubRepositoryDispatchFormat))
            {
                failures.Add($"{at}:Format must be '{WebhookOptions.RelearnFormat}' or '{WebhookOptions.GitHubRepositoryDispatchFormat}'");
            }
            if (string.IsNullOrWhiteSpace(hook.SecretEnv))
            {
                failures.Add($"{at}:SecretEnv must name the environment variable holding the signing secret");
            }
            else if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(hook.SecretEnv)))
            {
                failures.Add($"{at}:SecretEnv names {hook.SecretEnv}, which is not set");
            }
            if (hook.TokenEnv is { Length: > 0 } tokenEnv && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(tokenEnv)))
            {
                failures.Add($"{at}:TokenEnv names {tokenEnv}, which is not set");
            }
            if (hook.Format == WebhookOptions.GitHubRepositoryDispatchFormat && string.IsNullOrWhiteSpace(hook.TokenEnv))
            {
                failures.Add($"{at}:TokenEnv must name the environment variable holding a GitHub token for {WebhookOptions.GitHubRepositoryDispatchFormat}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The signing secret of a validated hook.</summary>
    public static string Secret(WebhookOptions hook) => Environment.GetEnvironmentVariable(hook.SecretEnv) is { Length: > 0 } secret
        ? secret
        : throw RelearnException.Invalid($"webhook {hook.Name}: {hook.SecretEnv} is not set");
}
