namespace Elman.Numerics;

/// <summary>
/// How one GEMM is cut into parts for a <see cref="WorkerPool"/>: contiguous ranges of C's columns
/// (whole NR panels) or rows (whole MR panels). It depends only on (m, n, k, threads, NR), never on
/// timing, and every C element is computed the same way in any part, so results are reproducible.
/// </summary>
internal readonly struct GemmPartition
{
    /// <summary>
    /// Below this much work per part (about a microsecond of kernel time) handing a part to a worker
    /// costs more than it saves. Measured on a 2-core Zen 5: 16 × 128 × 128 (2¹⁹ flops) takes 2.2 µs on
    /// one thread and 1.8 µs split in two; 8 × 128 × 128 gains nothing from a split.
    /// </summary>
    internal const double MinFlopsPerPart = 1 << 18;

    GemmPartition(int parts, bool splitColumns, int units, int granule, int length)
    {
        Parts = parts;
        SplitColumns = splitColumns;
        _units = units;
        _granule = granule;
        _length = length;
    }

    readonly int _units, _granule, _length;

    public int Parts { get; }

    /// <summary>True when parts own column ranges of C (preferred: each thread then reuses only its own
    /// share of a packed B, which stays in that core's cache across calls); false for row ranges.</summary>
    public bool SplitColumns { get; }

    public static GemmPartition Choose(int m, int n, int k, int threads, int nr, double minFlopsPerPart = MinFlopsPerPart)
    {
        int columnUnits = (n + nr - 1) / nr, rowUnits = (m + GemmMicroKernel.Rows - 1) / GemmMicroKernel.Rows;
        double flops = 2.0 * m * n * k;
        int parts = (int)Math.Clamp(flops / Math.Max(minFlopsPerPart, 1), 1, threads);
        parts = Math.Min(parts, Math.Max(columnUnits, rowUnits));
        if (parts <= 1)
            return new GemmPartition(1, true, columnUnits, nr, n);

        bool columns = Balance(columnUnits, parts) >= Balance(rowUnits, parts);
        return columns
            ? new GemmPartition(parts, true, columnUnits, nr, n)
            : new GemmPartition(parts, false, rowUnits, GemmMicroKernel.Rows, m);
    }

    /// <summary>The [start, end) range of the split dimension that <paramref name="part"/> owns.</summary>
    public (int Start, int End) Range(int part)
    {
        int start = (int)((long)part * _units / Parts) * _granule;
        int end = (int)((long)(part + 1) * _units / Parts) * _granule;
        return (Math.Min(start, _length), Math.Min(end, _length));
    }

    // Fraction of the busiest part's time that is useful work when units are dealt to parts.
    static double Balance(int units, int parts) => (double)units / (((units + parts - 1) / parts) * parts);
}
