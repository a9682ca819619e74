using System.Numerics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>
/// Random GEMM operands with padded rows (leading dimension = row length + pad) whose padding is NaN,
/// so a kernel that reads outside a matrix poisons the result, and an output whose padding must survive.
/// </summary>
internal sealed class GemmTestData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int Pad = 3;

    public GemmTestData(bool transposeA, bool transposeB, int m, int n, int k, int seed)
    {
        M = m; N = n; K = k;
        TransposeA = transposeA; TransposeB = transposeB;
        var random = new Random(seed);
        (A, Lda) = Matrix(random, transposeA ? k : m, transposeA ? m : k);
        (B, Ldb) = Matrix(random, transposeB ? n : k, transposeB ? k : n);
        (C0, Ldc) = Matrix(random, m, n);
    }

    public int M { get; }
    public int N { get; }
    public int K { get; }
    public bool TransposeA { get; }
    public bool TransposeB { get; }
    public T[] A { get; }
    public T[] B { get; }
    public T[] C0 { get; }
    public int Lda { get; }
    public int Ldb { get; }
    public int Ldc { get; }

    /// <summary>op(A)[i, p].</summary>
    public T OpA(int i, int p) => TransposeA ? A[p * Lda + i] : A[i * Lda + p];

    /// <summary>op(B)[p, j].</summary>
    public T OpB(int p, int j) => TransposeB ? B[j * Ldb + p] : B[p * Ldb + j];

    /// <summary>The error scale of C[i, j]: Σ_p |op(A)[i,p]| |op(B)[p,j]|, plus |C0| when accumulating, plus 1 ulp-ish floor.</summary>
    public double Scale(int i, int j, bool accumulate)
    {
        double sum = accumulate ? Math.Abs(double.CreateChecked(C0[i * Ldc + j])) : 0;
        for (int p = 0; p < K; p++)
            sum += Math.Abs(double.CreateChecked(OpA(i, p)) * double.CreateChecked(OpB(p, j)));
        return sum + 1e-30;
    }

    public T[] Reference(bool accumulate)
    {
        var c = (T[])C0.Clone();
        GemmReference.Multiply(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, c, Ldc, accumulate);
        return c;
    }

    public override string ToString() =>
        $"{typeof(T).Name} {(TransposeA ? "T" : "N")}{(TransposeB ? "T" : "N")} m={M} n={N} k={K} lda={Lda} ldb={Ldb} ldc={Ldc}";

    // A [rows, cols] matrix with row stride cols + Pad; values in [-1, 1), padding NaN.
    static (T[] Data, int Ld) Matrix(Random random, int rows, int cols)
    {
        int ld = cols + Pad;
        var data = new T[Math.Max(rows * ld, 1)];
        Array.Fill(data, T.NaN);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[i * ld + j] = T.CreateChecked(random.NextDouble() * 2 - 1);
        return (data, ld);
    }
}

/// <summary>Theory rows for every transpose combination of each (m, n, k).</summary>
static class GemmCases
{
    public static TheoryData<bool, bool, int, int, int> For(IEnumerable<(int M, int N, int K)> shapes)
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        foreach (var (m, n, k) in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(ta, tb, m, n, k);
        return data;
    }
}
