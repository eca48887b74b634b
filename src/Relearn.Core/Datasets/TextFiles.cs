using System.IO.Compression;
using System.Text;

namespace Relearn.Core.Datasets;

/// <summary>Reads the non-empty lines of a UTF-8 text file, gzip-compressed or not (told by its magic bytes, not its name); binary and non-UTF-8 files are refused.</summary>
public static class TextFiles
{
    /// <summary>UTF-8 that throws on invalid bytes instead of reading them as U+FFFD.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's non-blank lines; a missing file is not-found, a broken gzip, a binary or a non-UTF-8 file invalid input.</summary>
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
        using var reader = new StreamReader(stream, StrictUtf8);
        var lines = new List<string>();
        try
        {
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (line.Contains('\0', StringComparison.Ordinal))
                {
                    throw RelearnException.Invalid($"{path} is a binary file, not text (line {number} holds a NUL byte)");
                }
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
        catch (DecoderFallbackException)
        {
            // Decoding replacement characters into a model's input would score garbage as if it were text.
            throw RelearnException.Invalid($"{path} is not UTF-8 text (it holds bytes that are not UTF-8; convert it, e.g. iconv -t UTF-8)");
        }
        return lines;
    }
}
