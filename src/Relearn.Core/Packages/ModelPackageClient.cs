using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Relearn.Core.Registry;

namespace Relearn.Core.Packages;

/// <summary>
/// Downloads model packages from a <c>relearn serve</c> (what <c>relearn models pull --server</c> uses): the body's SHA-256
/// must equal the ETag the server sent and every entry its manifest digest, or the package is refused.
/// </summary>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server, with its bearer token set if it needs one.</param>
public sealed class ModelPackageClient(HttpClient http)
{
    /// <summary>
    /// The package <paramref name="reference"/> names: <c>name:3</c>, <c>name@alias</c>, or for a bare name the
    /// <c>production</c> holder, else the latest version (as the registry resolves it).
    /// </summary>
    public async Task<PackageArchive> PullAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = Uri.EscapeDataString(reference.Name);
        var path = reference.Version is { } v ? string.Create(CultureInfo.InvariantCulture, $"api/v1/models/{name}/versions/{v}/package")
            : reference.Alias is { } alias ? $"api/v1/models/{name}/aliases/{Uri.EscapeDataString(alias)}/package"
            : await DefaultPathAsync(name, cancellationToken);
        using var response = await SendAsync(path, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var source = new Uri(http.BaseAddress!, path).ToString();
        var digest = PackageArchive.Sha256(body);
        if (response.Headers.ETag is { IsWeak: false } etag && !string.Equals(etag.Tag.Trim('"'), digest, StringComparison.OrdinalIgnoreCase))
        {
            throw RelearnException.Invalid($"the package from {source} fails its digest: the ETag says sha256 {etag.Tag.Trim('"')}, the body is {digest}");
        }
        return PackageArchive.Read(body, source);
    }

    private async Task<string> DefaultPathAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"api/v1/models/{name}", cancellationToken);
        using var model = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        if (model.RootElement.TryGetProperty("aliases", out var aliases) && aliases.TryGetProperty(ModelRegistry.DefaultAlias, out _))
        {
            return $"api/v1/models/{name}/aliases/{ModelRegistry.DefaultAlias}/package";
        }
        return string.Create(CultureInfo.InvariantCulture, $"api/v1/models/{name}/versions/{model.RootElement.GetProperty("latest_version").GetInt32()}/package");
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(path, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw RelearnException.Invalid($"cannot reach {http.BaseAddress}: {e.Message}", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var detail = await ProblemDetailAsync(response, cancellationToken);
            var where = new Uri(http.BaseAddress!, path);
            throw response.StatusCode == HttpStatusCode.NotFound
                ? RelearnException.NotFound(detail)
                : RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"{where} answered {(int)response.StatusCode}: {detail}"));
        }
    }

    /// <summary>The problem+json <c>detail</c>, else the status's name: never the raw body (it could be anything).</summary>
    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType is { MediaType: "application/problem+json" or "application/json" })
        {
            try
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
                if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Fall through to the status name.
            }
        }
        return response.ReasonPhrase ?? response.StatusCode.ToString();
    }

    /// <summary>A client for <paramref name="server"/> sending <paramref name="token"/> as a bearer token when it is set.</summary>
    public static HttpClient CreateHttpClient(Uri server, string? token)
    {
        ArgumentNullException.ThrowIfNull(server);
        var http = new HttpClient { BaseAddress = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/") };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }
}
