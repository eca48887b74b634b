using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Relearn.Core.Storage;

namespace Relearn.Core.Packages;

/// <summary>
/// A model package's bytes, checked: the manifest and every entry it lists, each entry's SHA-256 verified on read.
/// Written deterministically (fixed entry order and timestamps, entries stored uncompressed, so nothing depends on the
/// zlib build), so the same version packaged twice has the same bytes and the same <see cref="Digest"/>.
/// </summary>
public sealed partial class PackageArchive
{
    /// <summary>The timestamp of every entry: a constant, as reproducible builds do, so the bytes do not depend on when they were written.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IReadOnlyDictionary<string, byte[]> _entries;

    private PackageArchive(PackageManifest manifest, IReadOnlyDictionary<string, byte[]> entries, string? digest)
    {
        Manifest = manifest;
        _entries = entries;
        Digest = digest;
    }

    /// <summary>The package's <c>relearn-model.json</c>.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Lower-case hex SHA-256 of the zip, or null when read from a folder.</summary>
    public string? Digest { get; }

    /// <summary>The zip bytes; null when read from a folder.</summary>
    public byte[]? Bytes { get; private init; }

    /// <summary>The bytes of entry <paramref name="name"/>, or null when the package has no such entry.</summary>
    public byte[]? Entry(string name) => _entries.GetValueOrDefault(name);

    /// <summary>Packs <paramref name="entries"/> (name → bytes) under <paramref name="manifest"/>, whose entry list is replaced by theirs.</summary>
    public static PackageArchive Create(PackageManifest manifest, IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entries);
        var ordered = entries.OrderBy(e => Order(e.Key)).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, _) in ordered)
        {
            RequireEntryName(name);
        }
        manifest = manifest with
        {
            Entries = new SortedDictionary<string, PackageEntry>(ordered.ToDictionary(e => e.Key, e => new PackageEntry(Sha256(e.Value), e.Value.LongLength)), StringComparer.Ordinal),
        };
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, PackageManifest.FileName, JsonSerializer.SerializeToUtf8Bytes(manifest, JsonDefaults.Indented));
            foreach (var (name, bytes) in ordered)
            {
                Write(zip, name, bytes);
            }
        }
        var zipBytes = buffer.ToArray();
        return new PackageArchive(manifest, ordered.ToDictionary(), Sha256(zipBytes)) { Bytes = zipBytes };
    }

    /// <summary>Reads a package zip or a folder holding an unpacked one; anything else, or an entry that fails its digest, is invalid input saying why.</summary>
    public static PackageArchive Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return ReadFolder(path);
        }
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"package {path} does not exist");
        }
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a package zip; <paramref name="source"/> names it in errors.</summary>
    public static PackageArchive Read(byte[] zipBytes, string source = "the package")
    {
        ArgumentNullException.ThrowIfNull(zipBytes);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (!entries.TryAdd(entry.FullName, ReadEntry(entry)))
                {
                    throw RelearnException.Invalid($"{source} is not a valid model package: entry {entry.FullName} appears twice");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw RelearnException.Invalid($"{source} is not a valid model package: the zip is damaged ({e.Message})", e);
        }
        var manifest = entries.Remove(PackageManifest.FileName, out var json)
            ? ParseManifest(json, source)
            : throw RelearnException.Invalid($"{source} is not a model package: it has no {PackageManifest.FileName}");
        Verify(manifest, entries, source);
        return new PackageArchive(manifest, entries, Sha256(zipBytes)) { Bytes = zipBytes };
    }

    /// <summary>Writes the package unpacked into <paramref name="folder"/> (created if missing): the manifest and each entry as a file.</summary>
    public async Task ExtractToAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RelearnException.Invalid($"cannot create {folder}: {e.Message}", e);
        }
        // Entries first and the manifest last: a folder with a manifest is whole.
        foreach (var (name, bytes) in _entries.Append(new(PackageManifest.FileName, JsonSerializer.SerializeToUtf8Bytes(Manifest, JsonDefaults.Indented))))
        {
            await AtomicFile.WriteAsync(Path.Combine(folder, name), (stream, token) => stream.WriteAsync(bytes, token).AsTask(), cancellationToken);
        }
    }

    /// <summary>
    /// Whether a <c>predict</c> or <c>evaluate</c> argument names a package rather than a registered model: a path (it has a
    /// slash), a <c>.zip</c>, or a folder holding <c>relearn-model.json</c>. Model names have no slash, so <c>./NAME.zip</c> always means the file.
    /// </summary>
    public static bool IsPackagePath(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return argument.Contains('/', StringComparison.Ordinal) || argument.Contains('\\', StringComparison.Ordinal)
            || argument.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            || File.Exists(Path.Combine(argument, PackageManifest.FileName));
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static PackageArchive ReadFolder(string folder)
    {
        var manifestPath = Path.Combine(folder, PackageManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw RelearnException.Invalid($"{folder} is not a model package folder: it has no {PackageManifest.FileName}");
        }
        var manifest = ParseManifest(File.ReadAllBytes(manifestPath), folder);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in manifest.Entries.Keys)
        {
            // Names are checked before they touch the file system: a manifest cannot point outside its folder.
            var file = Path.Combine(folder, RequireEntryName(name, folder));
            entries[name] = File.Exists(file) ? File.ReadAllBytes(file) : throw RelearnException.Invalid($"package {folder} is missing {name}, which {PackageManifest.FileName} lists");
        }
        Verify(manifest, entries, folder);
        return new PackageArchive(manifest, entries, digest: null);
    }

    private static PackageManifest ParseManifest(byte[] json, string source)
    {
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(json, JsonDefaults.Indented);
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"{source}: {PackageManifest.FileName} is not valid ({e.Message})", e);
        }
        if (manifest is null || manifest.Entries is null || manifest.Name is null || manifest.Task is null || manifest.Classes is null)
        {
            throw RelearnException.Invalid($"{source}: {PackageManifest.FileName} lacks name, task, classes or entries; is it a model artifact rather than a package?");
        }
        if (manifest.PackageFormat > PackageManifest.CurrentFormat)
        {
            throw RelearnException.Invalid($"{source} is package format {manifest.PackageFormat}; this relearn reads format {PackageManifest.CurrentFormat}: upgrade relearn");
        }
        return manifest;
    }

    private static void Verify(PackageManifest manifest, IReadOnlyDictionary<string, byte[]> entries, string source)
    {
        foreach (var name in entries.Keys.Where(n => !manifest.Entries.ContainsKey(n)))
        {
            throw RelearnException.Invalid($"{source} fails its digest check: entry {name} is not listed in {PackageManifest.FileName}");
        }
        foreach (var (name, expected) in manifest.Entries)
        {
            RequireEntryName(name, source);
            if (!entries.TryGetValue(name, out var bytes))
            {
                throw RelearnException.Invalid($"{source} fails its digest check: {PackageManifest.FileName} lists {name}, which the package lacks");
            }
            var actual = Sha256(bytes);
            if (!string.Equals(actual, expected.Sha256, StringComparison.OrdinalIgnoreCase) || bytes.LongLength != expected.Size)
            {
                throw RelearnException.Invalid($"{source} fails its digest check: {name} has sha256 {actual} ({bytes.LongLength} bytes), {PackageManifest.FileName} says {expected.Sha256} ({expected.Size} bytes)");
            }
        }
        if (!manifest.Entries.ContainsKey(PackageManifest.ModelEntry))
        {
            throw RelearnException.Invalid($"{source} has no {PackageManifest.ModelEntry}");
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    /// <summary>The model first, then the small entries, so a reader that streams finds the big one early and the order never varies.</summary>
    private static int Order(string name) => name == PackageManifest.ModelEntry ? 0 : 1;

    private static string RequireEntryName(string name, string source = "the package") =>
        EntryName().IsMatch(name) && name != PackageManifest.FileName
            ? name
            : throw RelearnException.Invalid($"{source} is not a valid model package: '{name}' is not an entry name (a plain file name)");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,127}$")]
    private static partial Regex EntryName();
}
