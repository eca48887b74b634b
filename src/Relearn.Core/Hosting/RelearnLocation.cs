namespace Relearn.Core.Hosting;

/// <summary>
/// Where Relearn keeps its state: the home folder (<c>--home</c>, else <c>RELEARN_HOME</c>, else <c>./.relearn</c>),
/// the metadata store (<c>--store</c> / <c>RELEARN_STORE</c>, default <c>HOME/relearn.db</c>; a SQLite path or <c>postgresql://user:pass@host:port/db</c>) and the artifact store
/// (<c>--artifacts</c> / <c>RELEARN_ARTIFACTS</c>, default <c>HOME/artifacts</c>): a folder, or <c>s3://bucket/prefix</c>.
/// </summary>
public sealed record RelearnLocation(string Home, string Store, string Artifacts)
{
    /// <summary>Resolves the location from explicit values, then the environment, then defaults.</summary>
    public static RelearnLocation Resolve(string? home = null, string? store = null, string? artifacts = null)
    {
        var resolvedHome = Path.GetFullPath(Pick(home, "RELEARN_HOME") ?? ".relearn");
        var resolvedStore = Pick(store, "RELEARN_STORE") ?? Path.Combine(resolvedHome, "relearn.db");
        var resolvedArtifacts = Pick(artifacts, "RELEARN_ARTIFACTS") ?? Path.Combine(resolvedHome, "artifacts");
        var location = new RelearnLocation(resolvedHome, resolvedStore, resolvedArtifacts);
        if (location.IsPostgres && (!Uri.TryCreate(resolvedStore, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)))
        {
            // The URI may hold a password: the message names its shape, never the URI itself.
            throw RelearnException.Invalid("the metadata store is not a valid PostgreSQL URI; expected postgresql://user:pass@host:port/db");
        }
        if (location.IsS3)
        {
            _ = location.S3Artifacts; // a malformed s3:// location fails here, before anything starts
        }
        return location;
    }

    /// <summary>
    /// True when the metadata store is a PostgreSQL database (<c>postgresql://user:pass@host:port/db</c> or
    /// <c>postgres://...</c>) rather than a SQLite file; Relearn.Postgres's <c>AddRelearnPostgres()</c> serves it.
    /// </summary>
    public bool IsPostgres => IsPostgresUri(Store);

    /// <summary>True when <paramref name="store"/> is a <c>postgresql://</c> or <c>postgres://</c> URI.</summary>
    public static bool IsPostgresUri(string store) =>
        store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the artifact store is in S3 (<c>s3://bucket/prefix</c>) rather than a folder.</summary>
    public bool IsS3 => S3ArtifactsUri.IsS3(Artifacts);

    /// <summary>The bucket and prefix of an S3 artifact store; throws when <see cref="IsS3"/> is false or the location is malformed.</summary>
    public S3ArtifactsUri S3Artifacts => IsS3
        ? S3ArtifactsUri.Parse(Artifacts)
        : throw new InvalidOperationException($"the artifact store '{Artifacts}' is a folder, not S3");

    /// <summary>Folder of the prediction log.</summary>
    public string PredictionLog => Path.Combine(Home, "predictions");

    private static string? Pick(string? value, string variable) =>
        !string.IsNullOrWhiteSpace(value) ? value : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env : null;
}
