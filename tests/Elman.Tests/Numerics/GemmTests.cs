using System.Numerics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>
/// <see cref="Gemm"/> against <see cref="GemmReference"/>: every transpose combination, overwrite and
/// accumulate, float and double, 1 and 2 threads, on sizes that leave tails in m, n and k (1, 7, 33, 257)
/// and cross the kernel's MR, NR, KC, MC and NC block boundaries, and row tails that take each of the
/// 1-, 2-, 4- and 8-row kernels.
/// </summary>
public sealed class GemmTests : IDisposable
{
    // Split even tiny products across the pool so the 2-thread cases really use both threads.
    const double AlwaysSplit = 0;

    readonly WorkerPool _pool = new(2);

    public void Dispose() => _pool.Dispose();

    static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 7, 33), (7, 1, 33), (7, 33, 1), (33, 7, 7), (33, 33, 33), (8, 32, 16), (16, 64, 256),
        (1, 257, 33), (257, 1, 7), (7, 257, 1), (33, 7, 257), (1, 33, 257), (257, 33, 7), (257, 257, 1),
        (7, 33, 600),   // three KC chunks
        (9, 1100, 20),  // two NC blocks
        (300, 20, 40),  // three MC blocks
        (64, 256, 256), // the recurrent step
        (2, 33, 17), (3, 64, 9), (10, 64, 40), (12, 32, 300), // row tails of 2, 3, 2 and 4: the narrow kernels
    ];

    public static TheoryData<bool, bool, int, int, int> Cases() => GemmCases.For(Shapes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesReference(bool transposeA, bool transposeB, int m, int n, int k) =>
        MatchesReference<float>(transposeA, transposeB, m, n, k);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_MatchesReference(bool transposeA, bool transposeB, int m, int n, int k) =>
        MatchesReference<double>(transposeA, transposeB, m, n, k);

    void MatchesReference<T>(bool transposeA, bool transposeB, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new GemmTestData<T>(transposeA, transposeB, m, n, k, seed: m * 1_000_003 + n * 1009 + k);
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = data.Reference(accumulate);
            T[]? first = null;
            foreach (var pool in new[] { null, _pool })
            {
                var c = (T[])data.C0.Clone();
                Gemm.MultiplyAtWidth(SimdWidths.Best, transposeA, transposeB, m, n, k, data.A, data.Lda, data.B, data.Ldb,
                    c, data.Ldc, accumulate, pool, AlwaysSplit);
                string context = $"{data} accumulate={accumulate} threads={pool?.ThreadCount ?? 1}";
                GemmAssert.Close(data, expected, c, accumulate, context);
                if (first is null) first = c;
                else GemmAssert.Identical(first, c, context + " vs 1 thread");
            }
        }
    }

    // SimdWidth is internal, so the table carries its name.
    public static TheoryData<string> Widths()
    {
        var data = new TheoryData<string>();
        foreach (var width in Enum.GetValues<SimdWidth>())
            if (width <= SimdWidths.Best) data.Add(width.ToString());
        return data;
    }

    /// <summary>The narrower kernels only run on older CPUs, so force each width here.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_MatchesReference(string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 33, 1), (33, 7, 257), (9, 70, 40) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    WidthCase<float>(width, ta, tb, m, n, k);
                    WidthCase<double>(width, ta, tb, m, n, k);
                }
    }

    void WidthCase<T>(SimdWidth width, bool ta, bool tb, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new GemmTestData<T>(ta, tb, m, n, k, seed: 7);
        var expected = data.Reference(accumulate: true);
        var c = (T[])data.C0.Clone();
        Gemm.MultiplyAtWidth(width, ta, tb, m, n, k, data.A, data.Lda, data.B, data.Ldb, c, data.Ldc, true, _pool, AlwaysSplit);
        GemmAssert.Close(data, expected, c, accumulate: true, $"{data} width={width}");
    }

    [Fact]
    public void RepeatedCalls_AreBitIdentical_ForEachThreadCount()
    {
        var data = new GemmTestData<float>(false, true, 96, 300, 513, seed: 3);
        foreach (var pool in new[] { null, _pool })
        {
            var first = (float[])data.C0.Clone();
            var second = (float[])data.C0.Clone();
            Gemm.Multiply(false, true, 96, 300, 513, data.A, data.Lda, data.B, data.Ldb, first, data.Ldc, true, pool);
            Gemm.Multiply(false, true, 96, 300, 513, data.A, data.Lda, data.B, data.Ldb, second, data.Ldc, true, pool);
            GemmAssert.Identical(first, second, $"{data} threads={pool?.ThreadCount ?? 1}");
        }
    }

    [Fact]
    public void PublicOverload_SplitsLargeProducts_AndMatchesReference()
    {
        var data = new GemmTestData<float>(true, false, 130, 200, 150, seed: 5);
        var expected = data.Reference(accumulate: false);
        var c = (float[])data.C0.Clone();
        Gemm.Multiply(true, false, 130, 200, 150, data.A, data.Lda, data.B, data.Ldb, c, data.Ldc, false, _pool);
        GemmAssert.Close(data, expected, c, false, $"{data} threads=2");
    }

    [Fact]
    public void ZeroDepth_OverwritesWithZero_OrLeavesC()
    {
        var data = new GemmTestData<double>(false, false, 3, 4, 0, seed: 1);
        var kept = (double[])data.C0.Clone();
        Gemm.Multiply(false, false, 3, 4, 0, data.A, data.Lda, data.B, data.Ldb, kept, data.Ldc, accumulate: true);
        GemmAssert.Identical(data.C0, kept, "k=0 accumulate");

        var cleared = (double[])data.C0.Clone();
        Gemm.Multiply(false, false, 3, 4, 0, data.A, data.Lda, data.B, data.Ldb, cleared, data.Ldc, accumulate: false);
        GemmAssert.Close(data, data.Reference(accumulate: false), cleared, false, "k=0 overwrite");
    }

    [Fact]
    public void SteadyState_AllocatesNothing()
    {
        var data = new GemmTestData<float>(false, true, 64, 256, 256, seed: 2);
        var c = new float[data.C0.Length];
        Gemm.Multiply(false, true, 64, 256, 256, data.A, data.Lda, data.B, data.Ldb, c, data.Ldc, false, _pool);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
            Gemm.Multiply(false, true, 64, 256, 256, data.A, data.Lda, data.B, data.Ldb, c, data.Ldc, false, _pool);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void InvalidArguments_Throw_NamingTheProblem()
    {
        var a = new float[12];
        var b = new float[12];
        var c = new float[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 3, 4, a, 4, b, 3, c, 3, false));
        var stride = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 4, a, 3, b, 3, c, 3, false));
        Assert.Contains("lda = 3", stride.Message);
        var shortB = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 4, 4, a, 4, b, 4, c, 4, false));
        Assert.Contains("b holds 12 elements", shortB.Message);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, a, 2, b, 2, a.AsSpan(2), 2, false));
    }
}
