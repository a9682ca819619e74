using System.Diagnostics;
using System.Runtime.CompilerServices;

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
    /// <summary>Stored rows copied together when packing without a transpose; they stay in L1 meanwhile.</summary>
    const int RowGroup = 16;

    /// <summary>
    /// Packs op(A)[i0..i0+mc, p0..p0+kc] into MR-row panels at dst (panel stride kc·MR).
    /// op(A)[i, p] is a[i·lda + p], or a[p·lda + i] when transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(bool transpose, T* a, int lda, int i0, int mc, int p0, int kc, T* dst)
        where T : unmanaged
    {
        const int mr = GemmMicroKernel.Rows;
        if (transpose)
        {
            // A few stored rows at a time, panel by panel: each row streams in order across the panels (A is
            // often a tall [T·B, H] activation coming from memory) while each panel is written contiguously.
            // Scattering one row across all panels instead would hit one L1 set per row (panels are a
            // power-of-two stride apart) and thrash it.
            int fullPanels = mc / mr, tail = mc - fullPanels * mr;
            for (int pb = 0; pb < kc; pb += RowGroup)
            {
                int rows = Math.Min(RowGroup, kc - pb);
                T* src = a + (long)(p0 + pb) * lda + i0;
                T* d = dst + (long)pb * mr;
                for (int panel = 0; panel < fullPanels; panel++, src += mr, d += (long)kc * mr)
                    for (int p = 0; p < rows; p++)
                        Unsafe.CopyBlockUnaligned(d + p * mr, src + (long)p * lda, (uint)(mr * sizeof(T)));
                if (tail > 0)
                    for (int p = 0; p < rows; p++) CopyPadded(src + (long)p * lda, tail, d + p * mr, mr);
            }
            return;
        }
        for (int ip = 0; ip < mc; ip += mr, dst += kc * mr)
            Transpose(a + (long)(i0 + ip) * lda + p0, lda, Math.Min(mr, mc - ip), kc, dst, mr);
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] into NR-column panels at dst, <paramref name="panelStride"/>
    /// elements apart. op(B)[p, j] is b[p·ldb + j], or b[j·ldb + p] when transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T, TVec, TSimd>(bool transpose, T* b, int ldb, int p0, int kc, int j0, int nc, T* dst, long panelStride)
        where T : unmanaged
        where TVec : struct
        where TSimd : struct, ISimd<T, TVec>
    {
        int nr = 2 * TSimd.Count;
        Debug.Assert(panelStride >= (long)kc * nr);
        if (transpose)
        {
            for (int jp = 0; jp < nc; jp += nr, dst += panelStride)
                Transpose(b + (long)(j0 + jp) * ldb + p0, ldb, Math.Min(nr, nc - jp), kc, dst, nr);
            return;
        }

        // A few stored rows at a time, panel by panel, for the same reasons as in PackA.
        int fullPanels = nc / nr, tail = nc - fullPanels * nr;
        for (int pb = 0; pb < kc; pb += RowGroup)
        {
            int rows = Math.Min(RowGroup, kc - pb);
            T* src = b + (long)(p0 + pb) * ldb + j0;
            T* d = dst + (long)pb * nr;
            for (int panel = 0; panel < fullPanels; panel++, src += nr, d += panelStride)
                for (int p = 0; p < rows; p++)
                {
                    T* s = src + (long)p * ldb;
                    TSimd.Store(d + p * nr, TSimd.Load(s));
                    TSimd.Store(d + p * nr + TSimd.Count, TSimd.Load(s + TSimd.Count));
                }
            if (tail > 0)
                for (int p = 0; p < rows; p++) CopyPadded(src + (long)p * ldb, tail, d + p * nr, nr);
        }
    }

    // dst[0..count] = src[0..count], dst[count..width] = 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    // A plain loop: the pieces are short (under one panel width), too short to pay for a memmove call.
    static void CopyPadded<T>(T* src, int count, T* dst, int width) where T : unmanaged
    {
        int j = 0;
        for (; j < count; j++) dst[j] = src[j];
        for (; j < width; j++) dst[j] = default;
    }

    // dst[p·width + r] = src[r·ld + p] for r < count, 0 for count ≤ r < width; p in [0, length).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Transpose<T>(T* src, int ld, int count, int length, T* dst, int width) where T : unmanaged
    {
        // Zeroing the whole block with vector stores first is cheaper than strided zeros per padding row.
        if (count < width) new Span<T>(dst, length * width).Clear();
        BlockTranspose.Transpose(src, ld, count, length, dst, width);
    }
}
