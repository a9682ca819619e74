using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Elman.Numerics;

/// <summary>
/// One GEMM call as a <see cref="IParallelJob"/>: part p computes its <see cref="GemmPartition"/> block of
/// C with the BLIS loop nest (columns by NC, depth by KC, rows by MC, then NR × MR tiles).
/// </summary>
/// <remarks>
/// Pointers are pinned by the caller for the duration of the call. B is either packed per block into the
/// thread's workspace or read from a <see cref="PackedMatrix{T}"/> (PackedB non-null), whose panels hold
/// the full depth k so any KC chunk is a contiguous slice.
/// </remarks>
internal unsafe struct GemmJob<T, TVec, TSimd> : IParallelJob
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TSimd : struct, ISimd<T, TVec>
{
    /// <summary>KC: depth per block. A B micro-panel (KC × NR, 32 KB at 64-byte rows) stays in L1 while
    /// every A micro-panel of the block streams past it. Fixed, so the summation order depends only on k.</summary>
    const int DepthBlock = 256;

    /// <summary>MC: rows per packed A block (MC × KC: 256 KB of float, 512 KB of double) that stays in L2.</summary>
    const int RowBlock = 256;

    /// <summary>NC: columns per packed B block (KC × NC), bounded so the workspace stays small.</summary>
    const int ColumnBlock = 1024;

    readonly GemmProblem<T> _problem;
    readonly GemmPartition _partition;

    public GemmJob(in GemmProblem<T> problem, GemmPartition partition)
    {
        _problem = problem;
        _partition = partition;
    }

    public readonly void Execute(int part)
    {
        var (start, end) = _partition.Range(part);
        if (start >= end) return;
        if (_partition.SplitColumns) MultiplyBlock(_problem, 0, _problem.M, start, end);
        else MultiplyBlock(_problem, start, end, 0, _problem.N);
    }

    /// <summary>C[m0..m1, n0..n1] (+)= op(A)[m0..m1, :] · op(B)[:, n0..n1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MultiplyBlock(in GemmProblem<T> p, int m0, int m1, int n0, int n1)
    {
        const int mr = GemmMicroKernel.Rows;
        int nr = 2 * TSimd.Count;
        Debug.Assert(p.PackedB == null || n0 % nr == 0);

        int kcMax = Math.Min(p.K, DepthBlock);
        int mcMax = Math.Min(RoundUp(m1 - m0, mr), RowBlock);
        int ncMax = Math.Min(RoundUp(n1 - n0, nr), ColumnBlock);
        long aSize = RoundUp((long)mcMax * kcMax, 64);
        long bSize = p.PackedB == null ? RoundUp((long)kcMax * ncMax, 64) : 0;
        T* aBuffer = GemmWorkspace<T>.Acquire(aSize + bSize + mr * nr);
        T* bBuffer = aBuffer + aSize;
        T* tile = bBuffer + bSize;
        long rowStride = p.TransposeC ? 1 : p.Ldc, columnStride = p.TransposeC ? p.Ldc : 1;

        for (int jc = n0; jc < n1; jc += ColumnBlock)
        {
            int nc = Math.Min(ColumnBlock, n1 - jc);
            for (int pc = 0; pc < p.K; pc += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, p.K - pc);
                bool accumulate = p.Accumulate || pc > 0;
                T* bBlock;
                long bPanelStride;
                if (p.PackedB != null)
                {
                    bPanelStride = p.PackedPanelStride;
                    bBlock = p.PackedB + jc / nr * bPanelStride + (long)pc * nr;
                }
                else
                {
                    bPanelStride = (long)kc * nr;
                    GemmPacking.PackB<T, TVec, TSimd>(p.TransposeB, p.B, p.Ldb, pc, kc, jc, nc, bBuffer, bPanelStride);
                    bBlock = bBuffer;
                }

                for (int ic = m0; ic < m1; ic += RowBlock)
                {
                    int mc = Math.Min(RowBlock, m1 - ic);
                    GemmPacking.PackA(p.TransposeA, p.A, p.Lda, ic, mc, pc, kc, aBuffer);
                    int jr = 0;
                    if (mc <= 2 && !p.TransposeC)
                        jr = MultiplyPanelGroups(kc, aBuffer, bBlock, bPanelStride, p.C + (long)ic * rowStride + jc, p.Ldc, mc, nc, accumulate);
                    for (; jr < nc; jr += nr)
                    {
                        T* bPanel = bBlock + jr / nr * bPanelStride;
                        int cols = Math.Min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            T* aPanel = aBuffer + (long)ir * kc;
                            int rows = Math.Min(mr, mc - ir);
                            T* c = p.C + (long)(ic + ir) * rowStride + (long)(jc + jr) * columnStride;
                            MultiplyTile(kc, aPanel, bPanel, c, p.TransposeC, p.Ldc, tile, rows, cols, accumulate);
                        }
                    }
                }
            }
        }
    }

    // One MR × NR tile of C, or its top-left rows × cols corner: the narrowest kernel that covers the rows,
    // straight into C when it covers them exactly, all NR columns exist and C is not transposed, else
    // through `tile`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MultiplyTile(int kc, T* a, T* b, T* c, bool transposeC, int ldc, T* tile, int rows, int cols, bool accumulate)
    {
        int nr = 2 * TSimd.Count;
        int kernelRows = rows switch { 1 => 1, 2 => 2, <= 4 => 4, _ => 8 };
        bool direct = rows == kernelRows && cols == nr && !transposeC;
        T* target = direct ? c : tile;
        int ld = direct ? ldc : nr;
        bool add = direct && accumulate;
        switch (kernelRows)
        {
            case 8: GemmMicroKernel.Multiply<T, TVec, TSimd, EightRows>(kc, a, b, target, ld, add); break;
            case 4: GemmMicroKernel.Multiply<T, TVec, TSimd, FourRows>(kc, a, b, target, ld, add); break;
            case 2: GemmMicroKernel.Multiply<T, TVec, TSimd, TwoRows>(kc, a, b, target, ld, add); break;
            default: GemmMicroKernel.Multiply<T, TVec, TSimd, OneRow>(kc, a, b, target, ld, add); break;
        }
        if (direct) return;
        if (transposeC) StoreEdgeTransposed(tile, nr, c, ldc, rows, cols, accumulate);
        else StoreEdge(tile, nr, c, ldc, rows, cols, accumulate);
    }

    // One or two rows of C (batch-1 and batch-2 products) across groups of whole panels with the wide
    // kernel; returns the first column it left for the tile loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int MultiplyPanelGroups(int kc, T* a, T* b, long panelStride, T* c, int ldc, int rows, int nc, bool accumulate)
    {
        int nr = 2 * TSimd.Count;
        int group = GemmMicroKernel.PanelsPerCall(rows) * nr;
        int jr = 0;
        for (; jr + group <= nc; jr += group, b += group / nr * panelStride, c += group)
        {
            if (rows == 1) GemmMicroKernel.MultiplyPanels<T, TVec, TSimd, OneRow>(kc, a, b, panelStride, c, ldc, accumulate);
            else GemmMicroKernel.MultiplyPanels<T, TVec, TSimd, TwoRows>(kc, a, b, panelStride, c, ldc, accumulate);
        }
        return jr;
    }

    static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    static long RoundUp(long x, int multiple) => (x + multiple - 1) / multiple * multiple;

    // The valid rows × cols corner of an edge tile into C, with the same C + sum the full kernel does.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void StoreEdge(T* tile, int nr, T* c, int ldc, int rows, int cols, bool accumulate)
    {
        for (int r = 0; r < rows; r++, tile += nr, c += ldc)
            for (int j = 0; j < cols; j++)
                c[j] = accumulate ? c[j] + tile[j] : tile[j];
    }

    // The same for a transposed C: tile element (r, j) goes to c[j·ldc + r], written along C's rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void StoreEdgeTransposed(T* tile, int nr, T* c, int ldc, int rows, int cols, bool accumulate)
    {
        for (int j = 0; j < cols; j++, c += ldc)
            for (int r = 0; r < rows; r++)
                c[r] = accumulate ? c[r] + tile[r * nr + j] : tile[r * nr + j];
    }
}

/// <summary>The arguments of one GEMM call with its spans pinned: see <see cref="Gemm"/> for their meaning.</summary>
internal unsafe struct GemmProblem<T> where T : unmanaged
{
    public bool TransposeA, TransposeB, Accumulate;

    /// <summary>C is stored transposed: element (i, j) is at C[j·Ldc + i] (see <see cref="GemmOrientation"/>).</summary>
    public bool TransposeC;

    public int M, N, K, Lda, Ldb, Ldc;
    public T* A, B, C;

    /// <summary>Panels of a <see cref="PackedMatrix{T}"/> standing in for B, or null to pack B per call.</summary>
    public T* PackedB;

    public long PackedPanelStride;
}
