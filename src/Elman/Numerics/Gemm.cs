using System.Numerics;
using System.Runtime.Intrinsics;

namespace Elman.Numerics;

/// <summary>
/// General matrix multiply on row-major spans: C = op(A) · op(B), or C += op(A) · op(B) when
/// <c>accumulate</c> is set. op(X) is X or Xᵀ. Shapes: op(A) is [m, k], op(B) is [k, n], C is [m, n];
/// <c>lda</c>, <c>ldb</c>, <c>ldc</c> are the row strides of A, B and C as stored (A is stored [k, m] when
/// transposed, B is stored [n, k] when transposed).
/// </summary>
/// <remarks>
/// <para>
/// Effectively computes C[i, j] = (accumulate ? C[i, j] : 0) + Σ_chunks (Σ_{p in chunk} op(A)[i, p] · op(B)[p, j]),
/// where k is cut into fixed chunks of 256 and each inner sum is a chain of fused multiply-adds in order of p.
/// That order depends only on k, so results are bit-identical across calls, thread counts and
/// packed/unpacked B, but may differ by an ulp from a plain loop and across CPUs with different vector widths.
/// </para>
/// <para>
/// Implementation: op(A) and op(B) are copied in blocks into per-thread panels and multiplied by a
/// register-blocked 8 × (2 vectors) kernel at the widest accelerated width (AVX-512, AVX2, 128-bit, scalar);
/// a C with few columns is computed as Cᵀ = op(B)ᵀ · op(A)ᵀ to fill the kernel's tiles.
/// With a <see cref="WorkerPool"/>, C is cut into column (or row) ranges, one per thread, when the product
/// is large enough to pay for the handoff. Thread-safe: concurrent calls from different threads use
/// separate per-thread scratch (a <see cref="WorkerPool"/> shared by concurrent calls serves one of them
/// and the others run on their own threads). After warm-up a call allocates nothing.
/// </para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Computes C (+)= op(A) · op(B); see <see cref="Gemm"/> for the shapes.</summary>
    /// <param name="transposeA">Use Aᵀ: A is stored [k, m].</param>
    /// <param name="transposeB">Use Bᵀ: B is stored [n, k].</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension summed over.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of A as stored, at least its row length.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="c">C, row-major [m, n]; must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C, at least n.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting C.</param>
    /// <param name="pool">Threads to split large products across; null runs on the calling thread.</param>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    /// <exception cref="ArgumentException">A stride is smaller than its row, a span is too short, or C overlaps A or B.</exception>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => MultiplyAtWidth(WidthFor<T>(SimdWidths.Best), transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, pool);

    /// <summary>
    /// Computes C (+)= op(A) · op(B) for an op(B) packed ahead of time: k and n are <paramref name="b"/>'s
    /// <see cref="PackedMatrix{T}.Rows"/> and <see cref="PackedMatrix{T}.Columns"/>. Same result as the
    /// unpacked overload, minus the cost of packing B on every call.
    /// </summary>
    /// <param name="transposeA">Use Aᵀ: A is stored [k, m].</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">The packed op(B), [k, n].</param>
    /// <param name="c">C, row-major [m, n]; must not overlap A.</param>
    /// <param name="ldc">Row stride of C, at least n.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting C.</param>
    /// <param name="pool">Threads to split large products across; null runs on the calling thread.</param>
    /// <exception cref="ArgumentNullException">b is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m is negative.</exception>
    /// <exception cref="ArgumentException">A stride is smaller than its row, a span is too short, or C overlaps A.</exception>
    public static void MultiplyPacked<T>(
        bool transposeA, int m, ReadOnlySpan<T> a, int lda, PackedMatrix<T> b,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(b);
        MultiplyPackedWithThreshold(transposeA, m, a, lda, b, c, ldc, accumulate, pool, GemmPartition.MinFlopsPerPart);
    }

    /// <summary>
    /// The unpacked product at a chosen width and split threshold, so tests can reach the narrower kernels
    /// on any CPU and split small products across threads.
    /// </summary>
    internal static void MultiplyAtWidth<T>(
        SimdWidth width, bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool,
        double minFlopsPerPart = GemmPartition.MinFlopsPerPart)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, checkB: true);
        Run(WidthFor<T>(width), transposeA, transposeB, m, n, k, a, lda, b, ldb, null, c, ldc, accumulate, pool, minFlopsPerPart);
    }

    /// <summary><see cref="MultiplyPacked{T}"/> with a chosen split threshold, for tests.</summary>
    internal static void MultiplyPackedWithThreshold<T>(
        bool transposeA, int m, ReadOnlySpan<T> a, int lda, PackedMatrix<T> b,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool, double minFlopsPerPart)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(transposeA, false, m, b.Columns, b.Rows, a, lda, [], b.Columns, c, ldc, checkB: false);
        Run(b.Width, transposeA, false, m, b.Columns, b.Rows, a, lda, [], 0, b, c, ldc, accumulate, pool, minFlopsPerPart);
    }

    /// <summary>The vector kernels exist for float and double; any other type runs the scalar kernel.</summary>
    internal static SimdWidth WidthFor<T>(SimdWidth width) =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) ? width : SimdWidth.Scalar;

    /// <summary>Throws unless a span of <paramref name="length"/> holds a [rows, cols] matrix with row stride ld.</summary>
    internal static void CheckMatrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < cols)
            throw new ArgumentException($"{ldName} = {ld} is less than the {cols} columns of {name} as stored.", ldName);
        long needed = Needed(rows, cols, ld);
        if (length < needed)
            throw new ArgumentException(
                $"{name} holds {length} elements but a [{rows}, {cols}] matrix with {ldName} = {ld} needs {needed}.", name);
    }

    static long Needed(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    static void Check<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool checkB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        CheckMatrix(a.Length, aRows, aCols, lda, nameof(a), nameof(lda));
        CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        var usedC = c[..(int)Needed(m, n, ldc)];
        if (usedC.Overlaps(a[..(int)Needed(aRows, aCols, lda)]))
            throw new ArgumentException("c overlaps a; the product needs a separate output.", nameof(c));
        if (!checkB) return;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        CheckMatrix(b.Length, bRows, bCols, ldb, nameof(b), nameof(ldb));
        if (usedC.Overlaps(b[..(int)Needed(bRows, bCols, ldb)]))
            throw new ArgumentException("c overlaps b; the product needs a separate output.", nameof(c));
    }

    static void Run<T>(
        SimdWidth width, bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, PackedMatrix<T>? packed,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool, double minFlopsPerPart)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }

        fixed (T* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem<T>
            {
                TransposeA = transposeA, TransposeB = transposeB, Accumulate = accumulate,
                M = m, N = n, K = k, A = pa, Lda = lda, B = pb, Ldb = ldb, C = pc, Ldc = ldc,
                PackedB = packed is null ? null : packed.Data,
                PackedPanelStride = packed is null ? 0 : packed.PanelStride,
            };
            if (packed is null && GemmOrientation.ShouldTranspose(m, n, GemmMicroKernel.Columns<T>(width)))
            {
                // Cᵀ = op(B)ᵀ · op(A)ᵀ: B plays A (op(B)ᵀ is B stored, transposed the other way) and vice versa.
                problem = problem with
                {
                    TransposeA = !transposeB, TransposeB = !transposeA, TransposeC = true,
                    M = n, N = m, A = pb, Lda = ldb, B = pa, Ldb = lda,
                };
            }
            switch (width)
            {
                case SimdWidth.Vector512: Dispatch<T, Vector512<T>, Simd512<T>>(problem, pool, minFlopsPerPart); break;
                case SimdWidth.Vector256: Dispatch<T, Vector256<T>, Simd256<T>>(problem, pool, minFlopsPerPart); break;
                case SimdWidth.Vector128: Dispatch<T, Vector128<T>, Simd128<T>>(problem, pool, minFlopsPerPart); break;
                default: Dispatch<T, T, SimdScalar<T>>(problem, pool, minFlopsPerPart); break;
            }
        }
        GC.KeepAlive(packed);
    }

    static void Dispatch<T, TVec, TSimd>(in GemmProblem<T> problem, WorkerPool? pool, double minFlopsPerPart)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TSimd : struct, ISimd<T, TVec>
    {
        var partition = GemmPartition.Choose(problem.M, problem.N, problem.K, pool?.ThreadCount ?? 1, 2 * TSimd.Count, minFlopsPerPart);
        var job = new GemmJob<T, TVec, TSimd>(problem, partition);
        if (pool is null || partition.Parts == 1) job.Execute(0);
        else pool.Run(partition.Parts, in job);
    }
}
