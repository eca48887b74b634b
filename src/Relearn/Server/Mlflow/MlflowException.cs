namespace Relearn.Server.Mlflow;

/// <summary>An error with MLflow's error code and HTTP status, raised by the MLflow endpoints themselves.</summary>
internal sealed class MlflowException(string errorCode, int status, string message) : Exception(message)
{
    /// <summary>MLflow's code, e.g. <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status MLflow answers this code with.</summary>
    public int Status { get; } = status;

    public static MlflowException Invalid(string message) => new("INVALID_PARAMETER_VALUE", StatusCodes.Status400BadRequest, message);

    public static MlflowException AlreadyExists(string message) => new("RESOURCE_ALREADY_EXISTS", StatusCodes.Status400BadRequest, message);

    public static MlflowException NotFound(string message) => new("RESOURCE_DOES_NOT_EXIST", StatusCodes.Status404NotFound, message);

    public static MlflowException BadRequest(string message) => new("BAD_REQUEST", StatusCodes.Status400BadRequest, message);
}
