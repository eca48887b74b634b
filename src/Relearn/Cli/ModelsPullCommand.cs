using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Packages;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Cli;

/// <summary>
/// <c>relearn models pull MODEL --output DIR|FILE.zip [--server URL]</c>: a version's model package from a server (or
/// the local store), verified, unpacked into a folder or written as the zip, for <c>relearn predict DIR</c> or any
/// .NET program (<see cref="RelearnModelPackage"/>).
/// </summary>
internal static class ModelsPullCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "name, name@alias or name:version (a bare name means @production, else the latest version)" };
        var output = new Option<string>("--output") { Description = "Folder to unpack the package into, or a .zip file to write it as is", Required = true };
        var server = new Option<string?>("--server") { Description = "URL of a relearn server to pull from (default: the local store)" };
        var tokenEnv = new Option<string>("--token-env") { Description = "Environment variable holding the server's bearer token (unset = none)", DefaultValueFactory = _ => "RELEARN_TOKEN" };
        var command = new Command("pull", "Download a version's model package (relearn-model.json, model, model card, metrics, reference profile)")
        {
            model, output, server, tokenEnv,
        };
        command.SetHandler(async (parse, services, cancellationToken) =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            PackageArchive package;
            if (parse.GetValue(server) is { } serverText)
            {
                if (!Uri.TryCreate(serverText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    throw RelearnException.Invalid($"--server must be an http:// or https:// URL, got '{serverText}'");
                }
                using var http = ModelPackageClient.CreateHttpClient(url, Environment.GetEnvironmentVariable(parse.GetValue(tokenEnv)!));
                package = await new ModelPackageClient(http).PullAsync(reference, cancellationToken);
            }
            else
            {
                var version = await services.GetRequiredService<ModelRegistry>().ResolveAsync(reference, cancellationToken);
                package = await services.GetRequiredService<ModelPackageBuilder>().BuildAsync(version, cancellationToken);
            }
            var path = parse.GetValue(output)!;
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(package.Bytes!, token).AsTask(), cancellationToken);
            }
            else
            {
                await package.ExtractToAsync(path, cancellationToken);
            }
            Console.WriteLine($"pulled {package.Manifest.Name}:{package.Manifest.Version} (sha256 {package.Digest}) to {path}");
            return 0;
        });
        return command;
    }
}
