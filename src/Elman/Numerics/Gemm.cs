using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Numerics;

/// <summary>
/// General matrix multiply on row-major spans: C = op(A) · op(B), or C += op(A) · op(B) when
/// <c>accumulate</c> is set. op(X) is X or Xᵀ. Shapes: op(A) is [m, k], op(B) is [k, n], C is [m, n];
/// <c>lda</c>, <c>ldb</c>, <c>ldc</c> are the row strides of A, B and C as stored.
/// </summary>
/// <remarks>
/// Each element of C is computed by one thread in a fixed order that depends only on the shapes, so the
/// result is bit-identical for a given thread count. Results may differ by an ulp across CPUs with
/// different vector widths.
/// </remarks>
public static class Gemm
{
    /// <summary>Computes C (+)= op(A) · op(B); see <see cref="Gemm"/> for the shapes.</summary>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate, WorkerPool? pool = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        _ = pool;
        if (m == 0 || n == 0) return;
        if (!accumulate)
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
        if (k == 0) return;

        if (!transposeA && !transposeB) MultiplyNN(m, n, k, a, lda, b, ldb, c, ldc);
        else if (!transposeA) MultiplyNT(m, n, k, a, lda, b, ldb, c, ldc);
        else if (!transposeB) MultiplyTN(m, n, k, a, lda, b, ldb, c, ldc);
        else GemmReference.Multiply(true, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate: true);
    }

    // C[i,:] += Σ_p A[i,p] · B[p,:]
    static void MultiplyNN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            var ai = a.Slice(i * lda, k);
            for (int p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), ai[p], ci, ci);
        }
    }

    // C[i,j] += A[i,:] · B[j,:]
    static void MultiplyNT<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * lda, k);
            var ci = c.Slice(i * ldc, n);
            for (int j = 0; j < n; j++)
                ci[j] += TensorPrimitives.Dot(ai, b.Slice(j * ldb, k));
        }
    }

    // C[i,:] += Σ_p A[p,i] · B[p,:]
    static void MultiplyTN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < k; p++)
        {
            var ap = a.Slice(p * lda, m);
            var bp = b.Slice(p * ldb, n);
            for (int i = 0; i < m; i++)
            {
                var ci = c.Slice(i * ldc, n);
                TensorPrimitives.MultiplyAdd(bp, ap[i], ci, ci);
            }
        }
    }
}
