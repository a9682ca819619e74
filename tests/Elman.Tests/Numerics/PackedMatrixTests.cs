using System.Numerics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary><see cref="Gemm.MultiplyPacked{T}"/> must give exactly what the unpacked product gives.</summary>
public sealed class PackedMatrixTests : IDisposable
{
    readonly WorkerPool _pool = new(2);

    public void Dispose() => _pool.Dispose();

    public static TheoryData<bool, bool, int, int, int> Cases()
        => GemmCases.For([(1, 1, 1), (7, 33, 1), (33, 7, 257), (1, 257, 33), (64, 256, 256), (9, 1100, 20), (20, 70, 600)]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesUnpacked(bool transposeA, bool transposeB, int m, int n, int k) =>
        MatchesUnpacked<float>(transposeA, transposeB, m, n, k);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_MatchesUnpacked(bool transposeA, bool transposeB, int m, int n, int k) =>
        MatchesUnpacked<double>(transposeA, transposeB, m, n, k);

    void MatchesUnpacked<T>(bool transposeA, bool transposeB, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new GemmTestData<T>(transposeA, transposeB, m, n, k, seed: 11);
        var packed = new PackedMatrix<T>(k, n);
        packed.Pack(transposeB, data.B, data.Ldb);
        foreach (bool accumulate in new[] { false, true })
            foreach (var pool in new[] { null, _pool })
            {
                string context = $"{data} accumulate={accumulate} threads={pool?.ThreadCount ?? 1}";
                var unpacked = (T[])data.C0.Clone();
                Gemm.MultiplyAtWidth(SimdWidths.Best, transposeA, transposeB, m, n, k, data.A, data.Lda, data.B, data.Ldb,
                    unpacked, data.Ldc, accumulate, pool, minFlopsPerPart: 0);
                var c = (T[])data.C0.Clone();
                Gemm.MultiplyPackedWithThreshold(transposeA, m, data.A, data.Lda, packed, c, data.Ldc, accumulate, pool, minFlopsPerPart: 0);
                GemmAssert.Close(data, data.Reference(accumulate), c, accumulate, context);
                GemmAssert.Identical(unpacked, c, context + " packed vs unpacked");
            }
    }

    [Fact]
    public void Repacking_FollowsTheSource()
    {
        var first = new GemmTestData<float>(false, true, 8, 40, 24, seed: 1);
        var second = new GemmTestData<float>(false, true, 8, 40, 24, seed: 2);
        var packed = new PackedMatrix<float>(24, 40);
        packed.Pack(true, first.B, first.Ldb);
        packed.Pack(true, second.B, second.Ldb);
        var c = (float[])second.C0.Clone();
        Gemm.MultiplyPacked(false, 8, second.A, second.Lda, packed, c, second.Ldc, accumulate: false);
        GemmAssert.Close(second, second.Reference(false), c, false, $"{second} after repack");
    }

    [Fact]
    public void Pack_RejectsShortSource()
    {
        var packed = new PackedMatrix<double>(4, 5);
        var e = Assert.Throws<ArgumentException>(() => packed.Pack(false, new double[19], 5));
        Assert.Contains("needs 20", e.Message);
    }
}
