namespace Relearn.Errors;

/// <summary>
/// How one class of failure is answered everywhere: the <c>/api/v1</c> problem's status and title, MLflow's error code
/// and status, and the CLI's exit code. <see cref="Public"/> says whether the exception's one-line message may be shown
/// to a remote caller; a server fault answers <see cref="RemoteMessage"/> instead and is logged.
/// </summary>
/// <param name="Status">HTTP status of the problem+json answer.</param>
/// <param name="Title">Title of the problem+json answer.</param>
/// <param name="MlflowCode">MLflow's <c>error_code</c>.</param>
/// <param name="MlflowStatus">The HTTP status MLflow answers that code with.</param>
/// <param name="ExitCode">Exit code of a CLI verb that fails this way.</param>
/// <param name="Public">Whether the exception's message is the caller's own mistake and safe to send back.</param>
/// <param name="RemoteMessage">What a remote caller reads when the message is not public.</param>
internal sealed record ErrorClass(int Status, string Title, string MlflowCode, int MlflowStatus, int ExitCode, bool Public, string RemoteMessage = "")
{
    /// <summary>Whether the server, not the caller, is at fault (logged with its trace id; never shows internals).</summary>
    public bool IsServerFault => Status >= StatusCodes.Status500InternalServerError;

    /// <summary>The one line a remote caller reads.</summary>
    public string MessageFor(Exception exception) => Public ? OneLine(exception.Message) : RemoteMessage;

    /// <summary>A message on one line (a caller's value may hold line breaks).</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
