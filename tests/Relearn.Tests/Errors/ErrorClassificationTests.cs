using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Relearn.Core;
using Relearn.Errors;
using Relearn.Server;
using Relearn.Server.Mlflow;

namespace Relearn.Tests.Errors;

/// <summary>The one table (issue 14, part 3): the same exception gets the same answer from /api/v1, the MLflow API and the CLI.</summary>
public sealed class ErrorClassificationTests
{
    public static TheoryData<Exception, int, string, int, int> Table => new()
    {
        { RelearnException.Invalid("bad"), 400, "INVALID_PARAMETER_VALUE", 400, 1 },
        { RelearnException.NotFound("gone"), 404, "RESOURCE_DOES_NOT_EXIST", 404, 1 },
        { RelearnException.Conflict("refused"), 409, "RESOURCE_CONFLICT", 409, 1 },
        { new RelearnException(RelearnErrorKind.Corrupt, "digest mismatch"), 500, "INTERNAL_ERROR", 500, 1 },
        { MlflowException.AlreadyExists("exists"), 400, "RESOURCE_ALREADY_EXISTS", 400, 1 },
        { new RequestTooLargeException(10), 413, "BAD_REQUEST", 400, 1 },
        { new UnsupportedMediaTypeException("text/plain"), 415, "BAD_REQUEST", 400, 1 },
        { new SqliteException("file is not a database", 26), 503, "TEMPORARILY_UNAVAILABLE", 503, 1 },
        { new IOException("disk gone"), 503, "TEMPORARILY_UNAVAILABLE", 503, 1 },
        { new OptionsValidationException("Relearn:Auth", typeof(object), ["no tokens"]), 500, "INTERNAL_ERROR", 500, 1 },
        { new OperationCanceledException(), 503, "TEMPORARILY_UNAVAILABLE", 503, 130 },
        { new InvalidOperationException("bug"), 500, "INTERNAL_ERROR", 500, 2 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Exception_GetsOneStatus_OneMlflowCode_AndOneExitCode(Exception exception, int status, string mlflowCode, int mlflowStatus, int exitCode)
    {
        var error = ErrorClassification.Classify(exception);

        Assert.Equal((status, mlflowCode, mlflowStatus, exitCode), (error.Status, error.MlflowCode, error.MlflowStatus, error.ExitCode));
    }

    [Fact]
    public void ServerFaults_ShowNoInternals_ButTheCliUserSeesTheReason()
    {
        var bug = new InvalidOperationException("secret internals at /srv/x");
        var store = new SqliteException("file is not a database", 26);

        Assert.Equal("the server failed; see its log", ErrorClassification.Classify(bug).MessageFor(bug));
        Assert.Equal("a store is unavailable; try again later", ErrorClassification.Classify(store).MessageFor(store));
        Assert.Equal("unexpected InvalidOperationException: secret internals at /srv/x", ErrorClassification.CliMessage(bug, ErrorClassification.Classify(bug)));
        Assert.StartsWith("the metadata store is unavailable: ", ErrorClassification.CliMessage(store, ErrorClassification.Classify(store)), StringComparison.Ordinal);
        Assert.Equal("bad\r\nvalue", RelearnException.Invalid("bad\r\nvalue").Message);
        Assert.Equal("bad value", ErrorClassification.InvalidInput.MessageFor(RelearnException.Invalid("bad\nvalue")));
    }
}
