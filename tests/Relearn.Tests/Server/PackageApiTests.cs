using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Relearn.Server.Access;

namespace Relearn.Tests.Server;

public sealed class PackageApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task GetPackage_ByVersion_IsTheZipWithItsSha256AsETag_Issue13()
    {
        using var response = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("sentiment-v1.zip", response.Content.Headers.ContentDisposition?.FileName);
        using var zip = new ZipArchive(new MemoryStream(body));
        Assert.Equal("relearn-model.json", zip.Entries[0].FullName);
        Assert.Contains("model.zip", zip.Entries.Select(e => e.FullName));
        Assert.Contains("model-card.md", zip.Entries.Select(e => e.FullName));
        Assert.Contains("metrics.json", zip.Entries.Select(e => e.FullName));
        var manifest = JsonNode.Parse(zip.Entries[0].Open())!;
        Assert.Equal("sentiment", (string?)manifest["name"]);
        Assert.Equal(1, (int?)manifest["version"]);
        Assert.Equal("text-classification", (string?)manifest["task"]);
    }

    [Fact]
    public async Task GetPackage_Twice_SameBytes_AndIfNoneMatchIs304_Issue13()
    {
        using var first = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package");
        using var second = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package");
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models/sentiment/versions/1/package");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await server.Client.SendAsync(conditional);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models/sentiment/versions/1/package");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var changed = await server.Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task GetPackage_ByAlias_IsThePackageOfTheVersionItHolds()
    {
        using var byVersion = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/package");
        using var byAlias = await server.Client.GetAsync("/api/v1/models/sentiment/aliases/production/package");

        Assert.Equal(HttpStatusCode.OK, byAlias.StatusCode);
        Assert.Equal(byVersion.Headers.ETag, byAlias.Headers.ETag);
        Assert.Equal("no-cache", byAlias.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/v1/models/sentiment/versions/99/package", 404, "has no version 99")]
    [InlineData("/api/v1/models/nope/versions/1/package", 404, "does not exist")]
    [InlineData("/api/v1/models/sentiment/aliases/nope/package", 404, "has no alias 'nope'")]
    [InlineData("/api/v1/models/sentiment/versions/one/package", 400, "positive whole number")]
    [InlineData("/api/v1/models/sentiment/versions/0/package", 400, "positive whole number")]
    [InlineData("/api/v1/models/sentiment/aliases/%20bad/package", 400, "not a valid alias")]
    public async Task GetPackage_BadReference_IsAProblemSayingWhy(string path, int status, string reason)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/models/sentiment/versions/1/package")]
    [InlineData("HEAD", "/api/v1/models/sentiment/aliases/production/package")]
    public void PackageRoutes_NeedTheReadRole_AsOtherReads(string method, string path) =>
        Assert.Equal(AccessRole.Read, AccessPolicy.Required(method, new PathString(path)));
}
