using System.Numerics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>The AVX block transpose against its scalar loop, on sizes that leave partial blocks both ways.</summary>
public sealed class BlockTransposeTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 3, 4, 8, 9, 17, 33 })
            foreach (int length in new[] { 1, 4, 7, 8, 16, 31, 257 })
                data.Add(rows, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_MatchesScalar(int rows, int length) => MatchesScalar<float>(rows, length);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Double_MatchesScalar(int rows, int length) => MatchesScalar<double>(rows, length);

    static unsafe void MatchesScalar<T>(int rows, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ld = length + 3, dstStride = rows + 5;
        var src = new T[rows * ld];
        for (int i = 0; i < src.Length; i++) src[i] = T.CreateChecked(i);
        var expected = new T[length * dstStride];
        var actual = new T[length * dstStride];
        Array.Fill(expected, T.NaN);
        Array.Fill(actual, T.NaN);
        fixed (T* s = src, e = expected, a = actual)
        {
            BlockTranspose.TransposeScalar(s, ld, rows, length, e, dstStride);
            BlockTranspose.Transpose(s, ld, rows, length, a, dstStride);
        }
        GemmAssert.Identical(expected, actual, $"{typeof(T).Name} rows={rows} length={length} ld={ld} dstStride={dstStride}");
    }
}
