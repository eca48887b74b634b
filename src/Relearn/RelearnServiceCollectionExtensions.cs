using Relearn.Core;
using Relearn.Core.Hosting;
using Relearn.GitHub;
using Relearn.Postgres;
using Relearn.S3;

namespace Relearn;

/// <summary>The one composition of the executable: every verb, <c>relearn serve</c> and <c>relearn worker</c> get the same services.</summary>
internal static class RelearnServiceCollectionExtensions
{
    /// <summary>
    /// Adds Relearn for <paramref name="location"/>: the core (stores, tracking, registry, pipelines, tasks), the GitHub
    /// tasks, and the S3 and PostgreSQL providers, which take over the artifact and metadata stores when the location names them.
    /// </summary>
    public static IServiceCollection AddRelearn(this IServiceCollection services, RelearnLocation location) =>
        services.AddRelearnCore(location).AddRelearnGitHub().AddRelearnS3().AddRelearnPostgres();
}
