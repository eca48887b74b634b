using System.Runtime.InteropServices;

namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// Sorting of large numeric columns. Every numeric test needs sorted samples and a drift check over a million rows
/// sorts tens of columns, so large arrays use an LSD radix sort on the IEEE bits (four 16-bit passes, linear time)
/// instead of the comparison sort. NaN never reaches here: missing values are dropped on read.
/// </summary>
internal static class Sorting
{
    private const int RadixThreshold = 4096;

    public static void Sort(double[] values)
    {
        if (values.Length < RadixThreshold)
        {
            Array.Sort(values);
            return;
        }
        var keys = MemoryMarshal.Cast<double, ulong>(values.AsSpan());
        // Order-preserving map: flip all bits of negatives, only the sign bit of positives.
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? ~k : k | 0x8000_0000_0000_0000UL;
        }
        var buffer = new ulong[keys.Length];
        var counts = new int[1 << 16];
        Span<ulong> source = keys, target = buffer;
        for (var shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(counts);
            foreach (var k in source)
            {
                counts[(int)((k >> shift) & 0xFFFF)]++;
            }
            if (counts[(int)((source[0] >> shift) & 0xFFFF)] == source.Length)
            {
                continue; // every key shares this digit: the pass would not move anything
            }
            var sum = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                var c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            foreach (var k in source)
            {
                target[counts[(int)((k >> shift) & 0xFFFF)]++] = k;
            }
            var swap = source;
            source = target;
            target = swap;
        }
        if (source != keys)
        {
            source.CopyTo(keys);
        }
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
        }
    }
}
