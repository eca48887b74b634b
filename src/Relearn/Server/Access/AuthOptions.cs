namespace Relearn.Server.Access;

/// <summary>Access control of <c>relearn serve</c>, <c>Relearn:Auth</c>.</summary>
internal sealed class AuthOptions
{
    /// <summary>The tokens that may call the server; none means open, which is allowed on loopback only.</summary>
    public List<TokenOptions> Tokens { get; set; } = [];
}

/// <summary>
/// One bearer token. The token itself is never in configuration: give its SHA-256 (<c>Sha256</c>), or the
/// environment variable (<c>TokenEnv</c>) or file (<c>TokenFile</c>) holding it — exactly one of the three.
/// </summary>
internal sealed class TokenOptions
{
    /// <summary>Who holds the token; shown in logs and as the actor, never the token.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>read</c>, <c>write</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary>Hex SHA-256 of the token (e.g. <c>printf %s "$TOKEN" | sha256sum</c>).</summary>
    public string? Sha256 { get; set; }

    /// <summary>Environment variable holding the token.</summary>
    public string? TokenEnv { get; set; }

    /// <summary>File holding the token (surrounding whitespace ignored), e.g. a mounted secret.</summary>
    public string? TokenFile { get; set; }
}
