using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Relearn.Core.Monitoring.Tables;

/// <summary>
/// The fast path for the usual drift input, a CSV of numbers: reads UTF-8 bytes in large blocks and parses plain decimals
/// (an optional minus, up to 15 significant digits, an optional point, no exponent) straight from the bytes, with no
/// string or char copy per value. Such a number is <c>m / 10^k</c> with m and 10^k exact doubles and k ≤ 22, so one IEEE
/// division gives the correctly rounded value, the same double <c>double.Parse</c> gives (Clinger's fast path). Any other
/// field (exponents, long mantissas, NaN, missing markers, bad values) goes to the column's general parse, so results and
/// error messages are those of the Sep path. A file with a quote anywhere is not read here: quoted fields may hold
/// separators and line breaks, so <see cref="Read"/> gives up and the caller reads the file again with Sep.
/// </summary>
internal static class NumericCsvReader
{
    private const int BlockSize = 1 << 20;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Streams the data rows of <paramref name="path"/> into <paramref name="sinks"/>; the row count, or null when the file
    /// holds a quote, is not UTF-8 or ends lines with a lone CR, which only Sep reads correctly. On null the sinks may hold values of the rows read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long? Read(string path, byte separator, ColumnSink[] sinks, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var filled = ReadBlock(stream, buffer, 0);
            var start = 0;
            if (filled >= 2 && (buffer[0] == 0xFF || buffer[0] == 0xFE))
            {
                return null; // UTF-16 byte order mark
            }
            if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                start = 3;
            }
            if (buffer.AsSpan(start, filled - start) is var first && first.IndexOf((byte)'\n') < 0 && first.IndexOf((byte)'\r') >= 0)
            {
                return null; // lines ended by a lone CR (old Mac files): Sep reads those
            }
            Reserve(sinks, stream.Length, buffer.AsSpan(start, filled - start));
            var header = true;
            long rows = 0;
            while (true)
            {
                var data = buffer.AsSpan(start, filled - start);
                var atEnd = filled < buffer.Length;
                if (data.IndexOf((byte)'"') >= 0)
                {
                    return null;
                }
                while (true)
                {
                    var newline = data.IndexOf((byte)'\n');
                    if (newline < 0 && !(atEnd && data.Length > 0))
                    {
                        break;
                    }
                    var line = newline < 0 ? data : data[..newline];
                    data = newline < 0 ? [] : data[(newline + 1)..];
                    if (line.Length > 0 && line[^1] == (byte)'\r')
                    {
                        line = line[..^1];
                    }
                    if (header)
                    {
                        header = false;
                        continue;
                    }
                    rows++;
                    if ((rows & 0xFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    ReadRow(line, separator, sinks, rows, path);
                }
                if (atEnd)
                {
                    return rows;
                }
                // Keep the partial line at the front, grow the buffer when one line does not fit, and read on.
                var rest = data.Length;
                if (rest == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    data.CopyTo(buffer);
                }
                filled = ReadBlock(stream, buffer, rest);
                start = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sizes the columns once from the file length and the first block's bytes per line, instead of doubling as they fill.</summary>
    private static void Reserve(ColumnSink[] sinks, long fileLength, ReadOnlySpan<byte> firstBlock)
    {
        var lines = firstBlock.Count((byte)'\n');
        if (lines < 2)
        {
            return;
        }
        var estimate = Math.Min(fileLength / ((double)firstBlock.Length / lines) * 1.02 + 16, Array.MaxLength / 2);
        foreach (var sink in sinks)
        {
            sink.Sample.Reserve((int)estimate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRow(ReadOnlySpan<byte> line, byte separator, ColumnSink[] sinks, long row, string path)
    {
        var column = 0;
        while (true)
        {
            var end = line.IndexOf(separator);
            var field = end < 0 ? line : line[..end];
            if (column < sinks.Length)
            {
                if (TryParseDecimal(field, out var number))
                {
                    sinks[column].Add(number);
                }
                else
                {
                    AddSlow(sinks[column], field, row);
                }
            }
            column++;
            if (end < 0)
            {
                break;
            }
            line = line[(end + 1)..];
        }
        if (column != sinks.Length)
        {
            throw RelearnException.Invalid($"{Path.GetFileName(path)} row {row} has {column} values; the header has {sinks.Length} columns");
        }
    }

    private static void AddSlow(ColumnSink sink, ReadOnlySpan<byte> field, long row)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(field.Length));
        try
        {
            sink.Add(chars.AsSpan(0, Encoding.UTF8.GetChars(field, chars)), row);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>A plain decimal with at most 15 significant digits and 22 after the point, parsed exactly; false for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseDecimal(ReadOnlySpan<byte> field, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (field.Length > 0 && field[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }
        ulong mantissa = 0;
        int significant = 0, scale = 0, digits = 0;
        var point = false;
        for (; i < field.Length; i++)
        {
            var digit = (uint)(field[i] - (byte)'0');
            if (digit <= 9)
            {
                digits++;
                if (mantissa != 0 || digit != 0)
                {
                    if (++significant > 15)
                    {
                        return false;
                    }
                    mantissa = mantissa * 10 + digit;
                }
                if (point)
                {
                    scale++;
                }
            }
            else if (field[i] == (byte)'.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || scale >= PowersOfTen.Length)
        {
            return false;
        }
        var magnitude = mantissa / PowersOfTen[scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static int ReadBlock(FileStream stream, byte[] buffer, int offset)
    {
        var filled = offset;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
        }
        return filled;
    }
}
