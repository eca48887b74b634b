namespace Relearn.Core;

/// <summary>What kind of caller mistake an <see cref="RelearnException"/> reports; maps to an HTTP status and a CLI exit code.</summary>
public enum RelearnErrorKind
{
    /// <summary>The input is malformed, empty or otherwise unusable (400).</summary>
    InvalidInput,
    /// <summary>A named thing (model, version, run, dataset, artifact) does not exist (404).</summary>
    NotFound,
    /// <summary>The request conflicts with the current state, e.g. a promotion refused (409).</summary>
    Conflict,
    /// <summary>Stored data failed an integrity check (digest mismatch).</summary>
    Corrupt,
}

/// <summary>An expected failure caused by the caller's input or the store's state, with a one-line message safe to show.</summary>
public sealed class RelearnException(RelearnErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>What went wrong, for mapping to a status code.</summary>
    public RelearnErrorKind Kind { get; } = kind;

    /// <summary>Creates a <see cref="RelearnErrorKind.InvalidInput"/> error.</summary>
    public static RelearnException Invalid(string message, Exception? inner = null) => new(RelearnErrorKind.InvalidInput, message, inner);

    /// <summary>Creates a <see cref="RelearnErrorKind.NotFound"/> error.</summary>
    public static RelearnException NotFound(string message) => new(RelearnErrorKind.NotFound, message);

    /// <summary>Creates a <see cref="RelearnErrorKind.Conflict"/> error.</summary>
    public static RelearnException Conflict(string message) => new(RelearnErrorKind.Conflict, message);
}
