using System.Numerics;
using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>The vectorised Adam update gives the scalar reference's bits, on sizes that leave every kind of tail.</summary>
public class AdamKernelTests
{
    static T[] Random<T>(int n, ulong seed, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => T.CreateChecked((random.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    static void Check<T>(int n, double decay, double shrink) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = new AdamKernel.Coefficients<T>(T.CreateChecked(1e-3 / (1 - 0.9)), T.CreateChecked(Math.Sqrt(1 - 0.999)),
            T.CreateChecked(0.9), T.CreateChecked(0.999), T.CreateChecked(1e-8), T.CreateChecked(decay), T.CreateChecked(shrink));
        var (w1, m1) = (Random<T>(n, 1, 1), Random<T>(n, 2, 0.1));
        var v1 = Random<T>(n, 3, 0.01).Select(T.Abs).ToArray();
        var (w2, m2, v2) = ((T[])w1.Clone(), (T[])m1.Clone(), (T[])v1.Clone());
        for (int step = 0; step < 3; step++)
        {
            var g = Random<T>(n, 10 + (ulong)step, 5);
            AdamKernel.Update<T>(w1, g, m1, v1, c);
            AdamKernel.UpdateScalar<T>(w2, g, m2, v2, c);
        }
        Assert.Equal(w2, w1);
        Assert.Equal(m2, m1);
        Assert.Equal(v2, v1);
        Assert.NotEqual(Random<T>(n, 1, 1), w1);   // the update did something
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1001)]
    public void The_vector_loop_equals_the_scalar_reference_bit_for_bit(int n)
    {
        foreach (var (decay, shrink) in new[] { (0.0, 1.0), (1e-2, 1.0), (0.0, 1 - 1e-5) })
        {
            Check<float>(n, decay, shrink);
            Check<double>(n, decay, shrink);
        }
    }
}
