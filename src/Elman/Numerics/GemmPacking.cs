using System.Diagnostics;

namespace Elman.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layouts <see cref="GemmMicroKernel"/> reads
/// sequentially, zero-padding partial panels so the kernel never needs an m or n tail.
/// </summary>
/// <remarks>
/// <para>
/// A block [mc, kc] becomes ⌈mc/MR⌉ panels of [kc, MR]: element (i, p) lands at
/// panel(i / MR)[p·MR + i % MR]. A block of op(B) [kc, nc] becomes ⌈nc/NR⌉ panels of [kc, NR]:
/// element (p, j) lands at panel(j / NR)[p·NR + j % NR], with panels <c>panelStride</c> apart.
/// </para>
/// <para>
/// The padded lanes only feed C elements that are discarded, but they must hold zeros rather than
/// leftover scratch: NaNs would be harmless, subnormals would slow the FMA units down.
/// </para>
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[i0..i0+mc, p0..p0+kc] into MR-row panels at dst (panel stride kc·MR).
    /// op(A)[i, p] is a[i·lda + p], or a[p·lda + i] when transposed.
    /// </summary>
    public static void PackA<T>(bool transpose, T* a, int lda, int i0, int mc, int p0, int kc, T* dst)
        where T : unmanaged
    {
        const int mr = GemmMicroKernel.Rows;
        for (int ip = 0; ip < mc; ip += mr, dst += kc * mr)
        {
            int rows = Math.Min(mr, mc - ip);
            if (transpose)
                CopyRows(a + (long)p0 * lda + i0 + ip, lda, kc, rows, dst, mr);
            else
                Transpose(a + (long)(i0 + ip) * lda + p0, lda, rows, kc, dst, mr);
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] into NR-column panels at dst, <paramref name="panelStride"/>
    /// elements apart. op(B)[p, j] is b[p·ldb + j], or b[j·ldb + p] when transposed.
    /// </summary>
    public static void PackB<T>(bool transpose, T* b, int ldb, int p0, int kc, int j0, int nc, int nr, T* dst, long panelStride)
        where T : unmanaged
    {
        Debug.Assert(panelStride >= (long)kc * nr);
        for (int jp = 0; jp < nc; jp += nr, dst += panelStride)
        {
            int cols = Math.Min(nr, nc - jp);
            if (transpose)
                Transpose(b + (long)(j0 + jp) * ldb + p0, ldb, cols, kc, dst, nr);
            else
                CopyRows(b + (long)p0 * ldb + j0 + jp, ldb, kc, cols, dst, nr);
        }
    }

    // dst[p·width + j] = src[p·ld + j] for j < count, 0 for count ≤ j < width; p in [0, rows).
    static void CopyRows<T>(T* src, int ld, int rows, int count, T* dst, int width) where T : unmanaged
    {
        for (int p = 0; p < rows; p++, src += ld, dst += width)
        {
            new ReadOnlySpan<T>(src, count).CopyTo(new Span<T>(dst, count));
            if (count < width) new Span<T>(dst + count, width - count).Clear();
        }
    }

    // dst[p·width + r] = src[r·ld + p] for r < count, 0 for count ≤ r < width; p in [0, length).
    static void Transpose<T>(T* src, int ld, int count, int length, T* dst, int width) where T : unmanaged
    {
        for (int r = 0; r < count; r++, src += ld)
        {
            T* d = dst + r;
            for (int p = 0; p < length; p++, d += width) *d = src[p];
        }
        for (int r = count; r < width; r++)
        {
            T* d = dst + r;
            for (int p = 0; p < length; p++, d += width) *d = default;
        }
    }
}
