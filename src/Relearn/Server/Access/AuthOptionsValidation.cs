using Microsoft.Extensions.Options;

namespace Relearn.Server.Access;

/// <summary>Checks <c>Relearn:Auth</c> at start: every token entry, and that a server beyond loopback has tokens.</summary>
internal sealed class AuthOptionsValidation(ListenAddresses addresses) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var tokens = AccessTokens.Resolve(options, out var failures);
        if (failures.Count == 0 && tokens.Count == 0 && addresses.BeyondLoopback is { Count: > 0 } open)
        {
            failures.Add($"refusing to serve {string.Join(", ", open)} beyond loopback without access tokens: configure Relearn:Auth:Tokens " +
                "(see docs/configuration.md, Access control), or listen on 127.0.0.1");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
