using System.IO.Compression;
using System.Text;

namespace Relearn.Core.Datasets;

/// <summary>Reads the non-empty lines of a text file, gzip-compressed or not (told by its magic bytes, not its name).</summary>
public static class TextFiles
{
    /// <summary>The file's non-blank lines; a missing file is not-found, a broken gzip invalid input.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw RelearnException.NotFound($"file '{path}' does not exist");
        }
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        try
        {
            while (reader.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines.Add(line);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw RelearnException.Invalid($"{Path.GetFileName(path)} is not a readable gzip file: {e.Message}");
        }
        return lines;
    }
}
