using System.Globalization;
using Microsoft.Net.Http.Headers;
using Relearn.Core;
using Relearn.Core.Packages;
using Relearn.Core.Registry;

namespace Relearn.Server.Registry;

/// <summary>
/// Model packages for other programs: a version's package by number or by alias, with its SHA-256 as a strong ETag so a
/// client that already holds it gets 304. Read role, as every GET (<see cref="Access.AccessPolicy"/>).
/// </summary>
internal static class PackageEndpoints
{
    public static IEndpointRouteBuilder MapPackageEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models").WithTags("Registry");

        models.MapGet("/{name}/versions/{version}/package", (string name, string version, HttpContext context, ModelRegistry registry,
                ModelPackageBuilder packages, CancellationToken cancellationToken) =>
                PackageAsync(context, registry, packages, new ModelReference(ModelReference.RequireName(name, "model name"), null, VersionNumber(version)), cancellationToken))
            .WithName("GetModelPackage")
            .WithSummary("The version's model package: a zip of relearn-model.json (name, version, task, entry digests), model.zip, the model card, metrics and reference profile. ETag is its SHA-256; If-None-Match → 304.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/zip").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        models.MapGet("/{name}/aliases/{alias}/package", (string name, string alias, HttpContext context, ModelRegistry registry,
                ModelPackageBuilder packages, CancellationToken cancellationToken) =>
                PackageAsync(context, registry, packages,
                    new ModelReference(ModelReference.RequireName(name, "model name"), ModelReference.RequireName(alias, "alias"), null), cancellationToken))
            .WithName("GetModelPackageByAlias")
            .WithSummary("The package of the version an alias points at (relearn-model.json names the version). ETag is its SHA-256; If-None-Match → 304.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/zip").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> PackageAsync(HttpContext context, ModelRegistry registry, ModelPackageBuilder packages, ModelReference reference,
        CancellationToken cancellationToken)
    {
        var version = await registry.ResolveAsync(reference, cancellationToken);
        var package = await packages.BuildAsync(version, cancellationToken);
        // An alias moves and a new relearn may write other bytes: clients revalidate every time, and the ETag makes that cheap.
        context.Response.Headers.CacheControl = "no-cache";
        // The file result answers If-None-Match itself (304 with the ETag, no body).
        return TypedResults.File(package.Bytes!, "application/zip",
            string.Create(CultureInfo.InvariantCulture, $"{version.Name}-v{version.Version}.zip"),
            entityTag: new EntityTagHeaderValue($"\"{package.Digest}\""));
    }

    private static int VersionNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw RelearnException.Invalid($"version must be a positive whole number, got '{text}'");
}
