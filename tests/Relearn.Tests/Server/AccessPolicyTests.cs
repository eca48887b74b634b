using Microsoft.AspNetCore.Http;
using Relearn.Server.Access;

namespace Relearn.Tests.Server;

public sealed class AccessPolicyTests
{
    [Theory]
    [InlineData("GET", "/health/live", null)]
    [InlineData("GET", "/health/ready/", null)]
    [InlineData("GET", "/metrics", "Read")]
    [InlineData("GET", "/", null)]
    [InlineData("POST", "/", "Write")]
    [InlineData("GET", "/docs/index.html", "Read")]
    [InlineData("HEAD", "/api/v1/models", "Read")]
    [InlineData("GET", "/api/2.0/mlflow/registered-models/get", "Read")]
    [InlineData("POST", "/api/v1/models/sentiment/predict", "Read")]
    [InlineData("POST", "/API/V1/Models/sentiment/Predict-Batch/", "Read")]
    [InlineData("POST", "/api/v1/models/sentiment/versions", "Write")]
    [InlineData("POST", "/api/2.0/mlflow/runs/create", "Write")]
    [InlineData("PATCH", "/api/2.0/mlflow/registered-models/update", "Write")]
    [InlineData("PUT", "/anything/new", "Write")]
    [InlineData("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/run/artifacts/model.pkl", "Write")]
    [InlineData("GET", "/api/2.0/mlflow-artifacts/artifacts/1/run/artifacts/model.pkl", "Read")]
    [InlineData("GET", "/api/2.0/mlflow-artifacts/artifacts", "Read")]
    [InlineData("GET", "/get-artifact", "Read")]
    [InlineData("DELETE", "/api/v1/models/sentiment", "Admin")]
    [InlineData("DELETE", "/api/2.0/mlflow/runs/delete", "Admin")]
    [InlineData("POST", "/api/2.0/mlflow/registered-models/alias", "Admin")]
    [InlineData("DELETE", "/api/2.0/mlflow/registered-models/alias", "Admin")]
    [InlineData("POST", "/api/2.0/mlflow/registered-models/delete", "Admin")]
    [InlineData("POST", "/api/2.0/mlflow/model-versions/delete", "Admin")]
    [InlineData("POST", "/Api/2.0/MLflow/Registered-Models/Alias/", "Admin")]
    [InlineData("POST", "/api/v1/models/sentiment/promote", "Admin")]
    [InlineData("POST", "/api/v1/models/sentiment/ROLLBACK", "Admin")]
    [InlineData("GET", "/ui", null)]
    [InlineData("GET", "/ui/runs/abc", null)]
    [InlineData("HEAD", "/UI/assets/relearn.js", null)]
    [InlineData("POST", "/ui/models/sentiment", "Write")]
    [InlineData("GET", "/uix", "Read")]
    [InlineData("GET", "/api/v1/pipelines", "Read")]
    [InlineData("GET", "/api/v1/pipelines/runs/abc", "Read")]
    [InlineData("GET", "/api/v1/pipelines/runs/abc/stages/train/log", "Read")]
    [InlineData("POST", "/api/v1/pipelines/sentiment/runs", "Write")]
    [InlineData("POST", "/api/v1/pipelines/runs/abc/resume", "Write")]
    [InlineData("GET", "/ui/pipelines/runs/abc", null)]
    [InlineData("GET", "/api/v1/models/sentiment/versions", "Read")]
    [InlineData("GET", "/api/v1/audit", "Read")]
    public void EveryRequestGetsItsRoleFromMethodAndPath(string method, string path, string? expected) =>
        Assert.Equal(expected, AccessPolicy.Required(method, new PathString(path))?.ToString());

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.8.9.10:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://127.0.0.1:5080;http://10.0.0.2:5080", false)]
    public void OnlyLoopbackAddressesMayRunWithoutTokens(string urls, bool loopback) =>
        Assert.Equal(loopback, new ListenAddresses(urls).BeyondLoopback.Count == 0);
}
