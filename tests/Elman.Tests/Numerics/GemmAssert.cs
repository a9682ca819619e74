using System.Numerics;
using System.Runtime.InteropServices;

namespace Elman.Tests.Numerics;

internal static class GemmAssert
{
    /// <summary>Relative to Σ|a||b|: a few ulps times a margin, loose enough for any summation order.</summary>
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-12;

    /// <summary>
    /// Checks every C element against the reference within <see cref="Tolerance{T}"/> · scale, and that the
    /// padding between C's rows (NaN from <see cref="GemmTestData{T}"/>) was not written.
    /// </summary>
    public static void Close<T>(GemmTestData<T> data, T[] expected, T[] actual, bool accumulate, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double tolerance = Tolerance<T>();
        for (int i = 0; i < data.M; i++)
        {
            for (int j = 0; j < data.N; j++)
            {
                double e = double.CreateChecked(expected[i * data.Ldc + j]);
                double a = double.CreateChecked(actual[i * data.Ldc + j]);
                double bound = tolerance * data.Scale(i, j, accumulate);
                if (!(Math.Abs(a - e) <= bound))
                    Assert.Fail($"{context}: C[{i}, {j}] = {a:R}, reference {e:R}, |diff| {Math.Abs(a - e):E2} > {bound:E2}");
            }
            for (int j = data.N; j < data.Ldc && i * data.Ldc + j < actual.Length; j++)
                if (!T.IsNaN(actual[i * data.Ldc + j]))
                    Assert.Fail($"{context}: wrote padding C[{i}, {j}] = {actual[i * data.Ldc + j]}");
        }
    }

    /// <summary>Checks the two arrays hold the same bits, element by element.</summary>
    public static void Identical<T>(T[] expected, T[] actual, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!MemoryMarshal.AsBytes(expected.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan(i, 1))))
                Assert.Fail($"{context}: element {i} differs: {expected[i]} vs {actual[i]}");
    }
}
