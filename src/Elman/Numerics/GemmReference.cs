using System.Numerics;

namespace Elman.Numerics;

/// <summary>
/// The plain triple-loop GEMM that every optimised kernel is tested against: C (+)= op(A) · op(B),
/// row-major, same arguments as <see cref="Gemm.Multiply{T}"/>.
/// </summary>
internal static class GemmReference
{
    /// <summary>Computes C (+)= op(A) · op(B) one element at a time, summing over k in order.</summary>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T aip = transposeA ? a[p * lda + i] : a[i * lda + p];
                    T bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += aip * bpj;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
    }
}
