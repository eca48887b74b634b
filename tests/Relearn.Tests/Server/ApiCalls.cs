using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Server;

/// <summary>Raw JSON posts and the problem+json assertion the /api/v1 tests share.</summary>
internal static class ApiCalls
{
    /// <summary>Posts <paramref name="body"/> as it is, with <paramref name="contentType"/> (none when null).</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string? contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new(contentType);
        return client.PostAsync(path, content);
    }

    /// <summary>Posts <paramref name="json"/> and returns the answer's object, failing with the answer when it is not a success.</summary>
    public static async Task<JsonObject> PostOkAsync(this HttpClient client, string path, string json)
    {
        using var response = await client.PostRawAsync(path, json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Asserts an application/problem+json answer of <paramref name="status"/> whose one-line detail contains <paramref name="detail"/>.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.Contains(detail, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain("\n", (string)problem["detail"]!, StringComparison.Ordinal);
        return problem;
    }
}
