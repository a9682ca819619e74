using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Elman.Numerics;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: one <see cref="Rows"/> × (2 vectors) tile of C
/// (or its first 1, 2 or 4 rows) from a packed A micro-panel and a packed B micro-panel.
/// </summary>
/// <remarks>
/// Each k step is a rank-1 update: two vector loads of B's row, then for every tile row a broadcast of
/// A's element and two FMAs. With 8 rows that is 16 independent accumulators (enough to hide the FMA
/// latency) plus 2 B registers and a broadcast, which fits in the 32 vector registers of AVX-512 and,
/// at narrower widths, still runs correctly with some spilling.
/// Accumulators start at zero and C is added once at the end, so every element of C is computed by the
/// same sequence of operations whichever tile, edge or thread it falls in.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    /// <summary>MR: rows of C per tile. Power-of-two batch sizes ≥ 8 fill whole tiles.</summary>
    public const int Rows = 8;

    /// <summary>NR: columns of C per tile, two vectors wide.</summary>
    public static int Columns<T>(SimdWidth width) where T : unmanaged => 2 * SimdWidths.Lanes<T>(width);

    /// <summary>
    /// C[0..R, 0..NR] (+)= Σ_p a[p·8 + r] · b[p·NR + j] over p in [0, kc), for R = <typeparamref name="TRows"/>
    /// (1, 2, 4 or 8) rows. a is packed [kc, 8] (column r of the A block is row r of the tile; only the
    /// first R are read), b is packed [kc, NR]; c has row stride ldc. When accumulate is false C is
    /// overwritten. The narrower instances serve batches smaller than 8, which would otherwise pay for
    /// eight rows; each C element is still one FMA chain over p, so the choice never changes a result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T, TVec, TSimd, TRows>(int kc, T* a, T* b, T* c, int ldc, bool accumulate)
        where T : unmanaged
        where TVec : struct
        where TSimd : struct, ISimd<T, TVec>
        where TRows : struct, IRowCount
    {
        Debug.Assert(kc > 0);
        int w = TSimd.Count;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero;
        TVec c20 = TSimd.Zero, c21 = TSimd.Zero, c30 = TSimd.Zero, c31 = TSimd.Zero;
        TVec c40 = TSimd.Zero, c41 = TSimd.Zero, c50 = TSimd.Zero, c51 = TSimd.Zero;
        TVec c60 = TSimd.Zero, c61 = TSimd.Zero, c70 = TSimd.Zero, c71 = TSimd.Zero;

        // TRows.Value is a JIT-time constant, so each instance keeps only its own rows' code.
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(b), b1 = TSimd.Load(b + w);
            TVec ar = TSimd.Broadcast(a[0]);
            c00 = TSimd.MultiplyAdd(ar, b0, c00); c01 = TSimd.MultiplyAdd(ar, b1, c01);
            if (TRows.Value >= 2)
            {
                ar = TSimd.Broadcast(a[1]);
                c10 = TSimd.MultiplyAdd(ar, b0, c10); c11 = TSimd.MultiplyAdd(ar, b1, c11);
            }
            if (TRows.Value >= 4)
            {
                ar = TSimd.Broadcast(a[2]);
                c20 = TSimd.MultiplyAdd(ar, b0, c20); c21 = TSimd.MultiplyAdd(ar, b1, c21);
                ar = TSimd.Broadcast(a[3]);
                c30 = TSimd.MultiplyAdd(ar, b0, c30); c31 = TSimd.MultiplyAdd(ar, b1, c31);
            }
            if (TRows.Value == 8)
            {
                ar = TSimd.Broadcast(a[4]);
                c40 = TSimd.MultiplyAdd(ar, b0, c40); c41 = TSimd.MultiplyAdd(ar, b1, c41);
                ar = TSimd.Broadcast(a[5]);
                c50 = TSimd.MultiplyAdd(ar, b0, c50); c51 = TSimd.MultiplyAdd(ar, b1, c51);
                ar = TSimd.Broadcast(a[6]);
                c60 = TSimd.MultiplyAdd(ar, b0, c60); c61 = TSimd.MultiplyAdd(ar, b1, c61);
                ar = TSimd.Broadcast(a[7]);
                c70 = TSimd.MultiplyAdd(ar, b0, c70); c71 = TSimd.MultiplyAdd(ar, b1, c71);
            }
            a += Rows;
            b += 2 * w;
        }

        StoreRow<T, TVec, TSimd>(c, c00, c01, accumulate);
        if (TRows.Value >= 2)
            StoreRow<T, TVec, TSimd>(c + ldc, c10, c11, accumulate);
        if (TRows.Value >= 4)
        {
            StoreRow<T, TVec, TSimd>(c + 2 * ldc, c20, c21, accumulate);
            StoreRow<T, TVec, TSimd>(c + 3 * ldc, c30, c31, accumulate);
        }
        if (TRows.Value == 8)
        {
            StoreRow<T, TVec, TSimd>(c + 4 * ldc, c40, c41, accumulate);
            StoreRow<T, TVec, TSimd>(c + 5 * ldc, c50, c51, accumulate);
            StoreRow<T, TVec, TSimd>(c + 6 * ldc, c60, c61, accumulate);
            StoreRow<T, TVec, TSimd>(c + 7 * ldc, c70, c71, accumulate);
        }
    }

    /// <summary>
    /// The kernel for one or two rows of C over several B micro-panels at once: <see cref="PanelsPerCall"/>
    /// panels for <typeparamref name="TRows"/> = 1 or 2, each <paramref name="panelStride"/> apart in b, whose
    /// columns are contiguous in C. With one row, the ordinary kernel keeps only two FMA chains in flight and
    /// waits on their latency; eight chains keep both FMA pipes busy, which is what batch-1 inference needs.
    /// Every C element is the same FMA chain over p as in <see cref="Multiply{T, TVec, TSimd, TRows}"/>, so
    /// results are bit-identical to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyPanels<T, TVec, TSimd, TRows>(int kc, T* a, T* b, long panelStride, T* c, int ldc, bool accumulate)
        where T : unmanaged
        where TVec : struct
        where TSimd : struct, ISimd<T, TVec>
        where TRows : struct, IRowCount
    {
        Debug.Assert(kc > 0 && TRows.Value <= 2);
        int w = TSimd.Count;
        T* b1 = b + panelStride, b2 = b + 2 * panelStride, b3 = b + 3 * panelStride;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c02 = TSimd.Zero, c03 = TSimd.Zero;
        TVec c04 = TSimd.Zero, c05 = TSimd.Zero, c06 = TSimd.Zero, c07 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            if (TRows.Value == 1)
            {
                // Row 0 across panels 0–3: c0(2j), c0(2j+1) are panel j's two vectors.
                TVec ar = TSimd.Broadcast(a[0]);
                c00 = TSimd.MultiplyAdd(ar, TSimd.Load(b), c00); c01 = TSimd.MultiplyAdd(ar, TSimd.Load(b + w), c01);
                c02 = TSimd.MultiplyAdd(ar, TSimd.Load(b1), c02); c03 = TSimd.MultiplyAdd(ar, TSimd.Load(b1 + w), c03);
                c04 = TSimd.MultiplyAdd(ar, TSimd.Load(b2), c04); c05 = TSimd.MultiplyAdd(ar, TSimd.Load(b2 + w), c05);
                c06 = TSimd.MultiplyAdd(ar, TSimd.Load(b3), c06); c07 = TSimd.MultiplyAdd(ar, TSimd.Load(b3 + w), c07);
                b2 += 2 * w;
                b3 += 2 * w;
            }
            else
            {
                // Rows 0 and 1 across panels 0–1: c00..c03 row 0, c04..c07 row 1.
                TVec p0 = TSimd.Load(b), p1 = TSimd.Load(b + w), q0 = TSimd.Load(b1), q1 = TSimd.Load(b1 + w);
                TVec ar = TSimd.Broadcast(a[0]);
                c00 = TSimd.MultiplyAdd(ar, p0, c00); c01 = TSimd.MultiplyAdd(ar, p1, c01);
                c02 = TSimd.MultiplyAdd(ar, q0, c02); c03 = TSimd.MultiplyAdd(ar, q1, c03);
                ar = TSimd.Broadcast(a[1]);
                c04 = TSimd.MultiplyAdd(ar, p0, c04); c05 = TSimd.MultiplyAdd(ar, p1, c05);
                c06 = TSimd.MultiplyAdd(ar, q0, c06); c07 = TSimd.MultiplyAdd(ar, q1, c07);
            }
            a += Rows;
            b += 2 * w;
            b1 += 2 * w;
        }

        StoreRow<T, TVec, TSimd>(c, c00, c01, accumulate);
        StoreRow<T, TVec, TSimd>(c + 2 * w, c02, c03, accumulate);
        if (TRows.Value == 1)
        {
            StoreRow<T, TVec, TSimd>(c + 4 * w, c04, c05, accumulate);
            StoreRow<T, TVec, TSimd>(c + 6 * w, c06, c07, accumulate);
        }
        else
        {
            StoreRow<T, TVec, TSimd>(c + ldc, c04, c05, accumulate);
            StoreRow<T, TVec, TSimd>(c + ldc + 2 * w, c06, c07, accumulate);
        }
    }

    /// <summary>How many B micro-panels <see cref="MultiplyPanels{T, TVec, TSimd, TRows}"/> covers for a row count.</summary>
    public static int PanelsPerCall(int rows) => rows == 1 ? 4 : 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow<T, TVec, TSimd>(T* c, TVec lo, TVec hi, bool accumulate)
        where T : unmanaged
        where TVec : struct
        where TSimd : struct, ISimd<T, TVec>
    {
        int w = TSimd.Count;
        if (accumulate)
        {
            lo = TSimd.Add(TSimd.Load(c), lo);
            hi = TSimd.Add(TSimd.Load(c + w), hi);
        }
        TSimd.Store(c, lo);
        TSimd.Store(c + w, hi);
    }
}

/// <summary>A row count fixed at JIT time: the kernel is instantiated once per implementing struct.</summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct OneRow : IRowCount { public static int Value => 1; }

internal readonly struct TwoRows : IRowCount { public static int Value => 2; }

internal readonly struct FourRows : IRowCount { public static int Value => 4; }

internal readonly struct EightRows : IRowCount { public static int Value => 8; }
