using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Relearn.Server.Access;

/// <summary>A configured token as the server keeps it: its name, role and the SHA-256 of the token, never the token.</summary>
internal sealed record AccessToken(string Name, AccessRole Role, byte[] Sha256);

/// <summary>The configured tokens, resolved once; finds the token a request presents by hash in constant time.</summary>
internal sealed class AccessTokens(IOptions<AuthOptions> options)
{
    private readonly Lazy<IReadOnlyList<AccessToken>> _tokens = new(() => Resolve(options.Value, out _));

    /// <summary>No tokens configured: everything is open (allowed on loopback only, checked at start).</summary>
    public bool Open => _tokens.Value.Count == 0;

    /// <summary>The configured token matching <paramref name="presented"/>, or null.</summary>
    public AccessToken? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        AccessToken? match = null;
        foreach (var token in _tokens.Value)
        {
            // Compare against every token, without stopping at a match, so timing says nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(hash, token.Sha256) && (match is null || token.Role > match.Role))
            {
                match = token;
            }
        }
        return match;
    }

    /// <summary>Resolves every entry; <paramref name="failures"/> names each bad setting (and never a token).</summary>
    public static IReadOnlyList<AccessToken> Resolve(AuthOptions options, out List<string> failures)
    {
        failures = [];
        var tokens = new List<AccessToken>();
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var entry = options.Tokens[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Relearn:Auth:Tokens:{i}");
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                failures.Add($"{at}:Name is required");
            }
            if (!Enum.TryParse<AccessRole>(entry.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(entry.Role, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{at}:Role must be read, write or admin");
            }
            var sources = new[] { entry.Sha256, entry.TokenEnv, entry.TokenFile }.Count(s => !string.IsNullOrWhiteSpace(s));
            if (sources != 1)
            {
                failures.Add($"{at}: set exactly one of Sha256, TokenEnv, TokenFile");
                continue;
            }
            byte[]? hash = null;
            if (!string.IsNullOrWhiteSpace(entry.Sha256))
            {
                if (entry.Sha256.Trim().Length != 64 || !entry.Sha256.Trim().All(Uri.IsHexDigit))
                {
                    failures.Add($"{at}:Sha256 must be 64 hex digits, the SHA-256 of the token");
                }
                else
                {
                    hash = Convert.FromHexString(entry.Sha256.Trim());
                }
            }
            else if (!string.IsNullOrWhiteSpace(entry.TokenEnv))
            {
                hash = HashOf(Environment.GetEnvironmentVariable(entry.TokenEnv), $"{at}:TokenEnv names {entry.TokenEnv}, which is not set", failures);
            }
            else
            {
                var text = File.Exists(entry.TokenFile) ? File.ReadAllText(entry.TokenFile!).Trim() : null;
                hash = HashOf(text, $"{at}:TokenFile {entry.TokenFile} does not exist or is empty", failures);
            }
            if (hash is not null)
            {
                tokens.Add(new AccessToken(entry.Name, role, hash));
            }
        }
        return tokens;
    }

    private static byte[]? HashOf(string? token, string failure, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            failures.Add(failure);
            return null;
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
    }
}
