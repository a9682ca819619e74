using System.Numerics;
using System.Runtime.Intrinsics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>
/// Products of one or two rows (batch-1 and batch-2 steps) run a wider kernel than larger batches, and
/// must give bit for bit what those rows give inside a 9-row product: a sequence's result does not depend
/// on the batch it is in. Every SIMD width, packed and unpacked B, 1 and 2 threads, odd sizes.
/// </summary>
public sealed class NarrowProductTests : IDisposable
{
    readonly WorkerPool _pool = new(2);

    public void Dispose() => _pool.Dispose();

    public static TheoryData<int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var (n, k) in new[] { (1, 1), (7, 33), (33, 7), (257, 1), (257, 257), (300, 300), (1100, 20) })
            foreach (bool transposeB in new[] { false, true })
                data.Add(n, k, transposeB);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_rows_are_the_same_alone_as_in_a_larger_batch(int n, int k, bool transposeB) => SameAsInBatch<float>(n, k, transposeB);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_rows_are_the_same_alone_as_in_a_larger_batch(int n, int k, bool transposeB) => SameAsInBatch<double>(n, k, transposeB);

    static IEnumerable<SimdWidth> Widths()
    {
        if (Vector512.IsHardwareAccelerated) yield return SimdWidth.Vector512;
        if (Vector256.IsHardwareAccelerated) yield return SimdWidth.Vector256;
        if (Vector128.IsHardwareAccelerated) yield return SimdWidth.Vector128;
        yield return SimdWidth.Scalar;
    }

    void SameAsInBatch<T>(int n, int k, bool transposeB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int batch = 9;
        var data = new GemmTestData<T>(false, transposeB, batch, n, k, seed: n * 31 + k);
        foreach (var width in Widths())
        {
            var packed = new PackedMatrix<T>(k, n, Gemm.WidthFor<T>(width));
            packed.Pack(transposeB, data.B, data.Ldb);
            foreach (bool accumulate in new[] { false, true })
                foreach (var pool in new[] { null, _pool })
                {
                    var full = (T[])data.C0.Clone();
                    Gemm.MultiplyAtWidth(width, false, transposeB, batch, n, k, data.A, data.Lda, data.B, data.Ldb, full, data.Ldc, accumulate, pool, minFlopsPerPart: 0);
                    GemmAssert.Close(data, data.Reference(accumulate), full, accumulate, $"{data} {width}");
                    for (int m = 1; m <= 2; m++)
                    {
                        string context = $"{width} m={m} n={n} k={k} transposeB={transposeB} accumulate={accumulate} threads={pool?.ThreadCount ?? 1}";
                        var alone = (T[])data.C0.Clone();
                        Gemm.MultiplyPackedWithThreshold(false, m, data.A, data.Lda, packed, alone, data.Ldc, accumulate, pool, minFlopsPerPart: 0);
                        AssertRows(full, alone, data, m, context + " packed");
                        alone = (T[])data.C0.Clone();
                        Gemm.MultiplyAtWidth(width, false, transposeB, m, n, k, data.A, data.Lda, data.B, data.Ldb, alone, data.Ldc, accumulate, pool, minFlopsPerPart: 0);
                        AssertRows(full, alone, data, m, context + " unpacked");
                    }
                }
        }
    }

    // The first m rows equal the batch product's bit for bit; every other element of C is untouched.
    static void AssertRows<T>(T[] full, T[] alone, GemmTestData<T> data, int m, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int split = m * data.Ldc;
        GemmAssert.Identical(full[..split], alone[..split], context);
        GemmAssert.Identical(data.C0[split..], alone[split..], context + " (rows below m)");
    }
}
