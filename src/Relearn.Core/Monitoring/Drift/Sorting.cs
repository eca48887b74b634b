using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// Sorting of large numeric columns. Every numeric test needs sorted samples and a drift check over a million rows
/// sorts tens of columns, so large arrays use an LSD radix sort on the IEEE bits (six 11-bit digits, linear time; 2,048
/// buckets keep the counts and the write fronts in cache, where 65,536 did not) instead of the comparison sort. The sort
/// is in place with a pooled scratch buffer, so sorting forty columns of a million values touches two buffers' worth of
/// new memory, not forty. NaN never reaches here: missing values are dropped on read.
/// </summary>
internal static class Sorting
{
    private const int RadixThreshold = 4096;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Digits = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Sorts <paramref name="values"/> ascending, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<double> values)
    {
        if (values.Length < RadixThreshold)
        {
            values.Sort();
            return;
        }
        var scratch = ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            RadixSort(MemoryMarshal.Cast<double, ulong>(values), scratch.AsSpan(0, values.Length));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSort(Span<ulong> keys, Span<ulong> target)
    {
        // Order-preserving map: flip all bits of negatives, only the sign bit of positives. All digit counts in one pass.
        var counts = new int[Digits * Buckets];
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            k = (k & 0x8000_0000_0000_0000UL) != 0 ? ~k : k | 0x8000_0000_0000_0000UL;
            keys[i] = k;
            for (var d = 0; d < Digits; d++)
            {
                counts[(d * Buckets) + (int)((k >> (d * DigitBits)) & (Buckets - 1))]++;
            }
        }
        Span<ulong> source = keys;
        for (var d = 0; d < Digits; d++)
        {
            var digit = counts.AsSpan(d * Buckets, Buckets);
            var shift = d * DigitBits;
            if (digit[(int)((source[0] >> shift) & (Buckets - 1))] == source.Length)
            {
                continue; // every key shares this digit: the pass would not move anything
            }
            var sum = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var c = digit[b];
                digit[b] = sum;
                sum += c;
            }
            foreach (var k in source)
            {
                target[digit[(int)((k >> shift) & (Buckets - 1))]++] = k;
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
