using Elman.Numerics;

namespace Elman.Tests.Numerics;

/// <summary>Vector activation kernels against plain scalar loops on odd sizes.</summary>
public class ActivationKernelsTests
{
    public static IEnumerable<object[]> Sizes() => new[] { 0, 1, 7, 33, 257 }.Select(n => new object[] { n });

    static (double[] H, double[] Dh) Inputs(int n, int seed)
    {
        var rng = new SeededRandom((ulong)seed);
        var h = new double[n];
        var dh = new double[n];
        for (int i = 0; i < n; i++)
        {
            h[i] = i % 5 == 0 ? 0 : rng.NextUniform(-1, 1);
            dh[i] = rng.NextNormal();
        }
        return (h, dh);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Tanh_backward_matches_scalar_reference(int n)
    {
        var (h, dh) = Inputs(n, n);
        var dz = new double[n];
        ActivationKernels.TanhBackward<double>(h, dh, dz);
        for (int i = 0; i < n; i++) Assert.Equal(dh[i] * (1 - h[i] * h[i]), dz[i], 15);
        ActivationKernels.TanhBackward<double>(h, dh, dh);
        Assert.Equal(dz, dh);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Relu_backward_passes_gradient_only_where_h_is_positive(int n)
    {
        var (h, dh) = Inputs(n, n + 1);
        var dz = new double[n];
        ActivationKernels.ReluBackward<double>(h, dh, dz);
        for (int i = 0; i < n; i++) Assert.Equal(h[i] > 0 ? dh[i] : 0, dz[i]);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_kernels_match_math_functions(int n)
    {
        var (z, _) = Inputs(n, n + 2);
        for (int i = 0; i < n; i++) z[i] *= 4;
        var h = new float[n];
        var zf = z.Select(v => (float)v).ToArray();
        ActivationKernels.Tanh<float>(zf, h);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(h[i] - Math.Tanh(zf[i])) <= 2e-7, $"tanh({zf[i]}) = {h[i]}");
        ActivationKernels.Relu<float>(zf, h);
        for (int i = 0; i < n; i++) Assert.Equal(Math.Max(zf[i], 0f), h[i]);
    }
}
