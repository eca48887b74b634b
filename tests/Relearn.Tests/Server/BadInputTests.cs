using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Relearn.Tests.Server;

public sealed class BadInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string, string?, HttpStatusCode, string> Cases => new()
    {
        { "/api/v1/models/nope/predict", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.NotFound, "model 'nope' does not exist" },
        { "/api/v1/models/sentiment/predict?alias=canary", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.NotFound, "no alias 'canary'" },
        { "/api/v1/models/sentiment/predict?version=42", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.NotFound, "no version 42" },
        { "/api/v1/models/sentiment/predict?version=abc", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.BadRequest, "not a positive whole number" },
        { "/api/v1/models/sentiment/predict?version=1&alias=production", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.BadRequest, "either alias or version" },
        { "/api/v1/models/sentiment/predict", "{\"text\": \"unterminated", "application/json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "/api/v1/models/sentiment/predict", "", "application/json", HttpStatusCode.BadRequest, "body is empty" },
        { "/api/v1/models/sentiment/predict", "{}", "application/json", HttpStatusCode.BadRequest, "text is required" },
        { "/api/v1/models/sentiment/predict", "{\"text\": 42}", "application/json", HttpStatusCode.BadRequest, "text must be a string" },
        { "/api/v1/models/sentiment/predict", "{\"text\": \"   \"}", "application/json", HttpStatusCode.BadRequest, "must not be empty" },
        { "/api/v1/models/sentiment/predict", "[\"text\"]", "application/json", HttpStatusCode.BadRequest, "JSON object" },
        { "/api/v1/models/sentiment/predict", "text=hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "/api/v1/models/sentiment/predict-batch", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.BadRequest, "\"instances\" array" },
        { "/api/v1/models/sentiment/predict-batch", "{\"instances\": {}}", "application/json", HttpStatusCode.BadRequest, "must be an array" },
        { "/api/v1/models/sentiment/predict-batch", "{\"instances\": []}", "application/json", HttpStatusCode.BadRequest, "must not be empty" },
        { "/api/v1/models/sentiment/predict-batch", "{\"instances\": [{\"text\":\"ok\"}, {\"text\": null}]}", "application/json", HttpStatusCode.BadRequest, "instances[1].text" },
        { "/api/v1/models/bad%20name/predict", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.BadRequest, "not a valid model name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsA4xxProblem_WithAOneLineReason(string path, string body, string? contentType, HttpStatusCode status, string detail)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new(contentType);

        using var response = await server.Client.PostAsync(path, content);

        await AssertProblem(response, status, detail);
    }

    [Fact]
    public async Task Body_OverTheOneMebibyteLimit_Is413()
    {
        var text = new string('a', 1024 * 1024 + 10);

        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text });

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "larger than the limit of 1048576 bytes");
    }

    [Fact]
    public async Task Body_OverTheLimit_WithoutContentLength_Is413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"text\":\"" + new string('b', 2 * 1024 * 1024) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/sentiment/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "larger than the limit");
    }

    [Fact]
    public async Task UnknownModel_OnGet_Is404Problem()
    {
        using var response = await server.Client.GetAsync("/api/v1/models/ghost");

        await AssertProblem(response, HttpStatusCode.NotFound, "does not exist");
    }

    private static Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail) =>
        ApiCalls.AssertProblemAsync(response, status, detail);
}
