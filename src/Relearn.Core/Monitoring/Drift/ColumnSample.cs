namespace Relearn.Core.Monitoring.Drift;

/// <summary>
/// One column of one table, with missing values (empty, NaN, ±∞) already dropped and counted as Evidently does.
/// Numbers are kept as a sorted array once <see cref="Seal"/> has run; categories and text as strings.
/// </summary>
public sealed class ColumnSample(string name, ColumnKind kind)
{
    private double[] _numbers = new double[1024];
    private List<string>? _strings = kind == ColumnKind.Num ? null : [];

    /// <summary>The column's name.</summary>
    public string Name { get; } = name;

    /// <summary>How the column is compared.</summary>
    public ColumnKind Kind { get; private set; } = kind;

    /// <summary>Values that were missing (empty, NaN, infinite) and so were dropped.</summary>
    public long Missing { get; private set; }

    /// <summary>Values kept.</summary>
    public int Count { get; private set; }

    /// <summary>The numbers, sorted ascending after <see cref="Seal"/>.</summary>
    public ReadOnlySpan<double> Numbers => _numbers.AsSpan(0, Count);

    /// <summary>The category or text values in reading order.</summary>
    public IReadOnlyList<string> Strings => _strings ?? (IReadOnlyList<string>)[];

    /// <summary>Adds a number; NaN and infinities count as missing.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            Missing++;
            return;
        }
        if (Count == _numbers.Length)
        {
            Array.Resize(ref _numbers, _numbers.Length * 2);
        }
        _numbers[Count++] = value;
    }

    /// <summary>Adds a category or text value; empty counts as missing.</summary>
    public void Add(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Missing++;
            return;
        }
        _strings!.Add(value);
        Count++;
    }

    /// <summary>Drops every value read so far (a reader that starts the file over).</summary>
    internal void Clear()
    {
        Count = 0;
        Missing = 0;
        _strings?.Clear();
    }

    /// <summary>Counts a missing value.</summary>
    public void AddMissing() => Missing++;

    /// <summary>Turns a string column into text (detected after reading) or back to categories.</summary>
    public void SetKind(ColumnKind kind)
    {
        if (Kind == ColumnKind.Num || kind == ColumnKind.Num)
        {
            throw new InvalidOperationException("a numeric column stays numeric");
        }
        Kind = kind;
    }

    /// <summary>Makes room for <paramref name="capacity"/> numbers in one step (a reader that can estimate the row count).</summary>
    internal void Reserve(int capacity)
    {
        if (Kind == ColumnKind.Num && capacity > _numbers.Length)
        {
            Array.Resize(ref _numbers, capacity);
        }
    }

    /// <summary>Finishes reading: sorts the numbers, first giving back spare capacity when it is more than an eighth.</summary>
    public void Seal()
    {
        if (Kind != ColumnKind.Num)
        {
            return;
        }
        if (_numbers.Length - Count > Count / 8)
        {
            var exact = GC.AllocateUninitializedArray<double>(Count);
            _numbers.AsSpan(0, Count).CopyTo(exact);
            _numbers = exact;
        }
        Sorting.Sort(_numbers.AsSpan(0, Count));
    }
}
