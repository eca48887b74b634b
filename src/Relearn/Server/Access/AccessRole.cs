namespace Relearn.Server.Access;

/// <summary>What a token may do; each role includes the ones below it.</summary>
internal enum AccessRole
{
    /// <summary>GET/HEAD of the API, pages and metrics, and predictions.</summary>
    Read = 1,

    /// <summary>Creating and changing things (POST, PUT, PATCH).</summary>
    Write = 2,

    /// <summary>Moving aliases (promote, rollback) and deleting.</summary>
    Admin = 3,
}
