using Elman.Training;

namespace Elman.Tests.Training;

/// <summary>clip_grad_norm_, Pascanu and clip-by-value semantics, including the edge cases.</summary>
public class GradientClipperTests
{
    [Fact]
    public void Norm_mode_scales_by_max_norm_over_norm_plus_eps_and_returns_the_pre_clip_norm()
    {
        var g = new double[] { 3, 4 };
        double norm = GradientClipper.Clip<double>(g, ClipMode.Norm, 1.0);
        Assert.Equal(5, norm, 15);
        double c = 1.0 / (5 + 1e-6);
        Assert.Equal(3 * c, g[0], 15);
        Assert.Equal(4 * c, g[1], 15);
    }

    [Theory]
    [InlineData(ClipMode.Norm)]
    [InlineData(ClipMode.Pascanu)]
    public void Gradients_below_the_threshold_are_untouched(ClipMode mode)
    {
        var g = new double[] { 0.3, -0.4 };
        Assert.Equal(0.5, GradientClipper.Clip<double>(g, mode, 1.0), 15);
        Assert.Equal(new[] { 0.3, -0.4 }, g);
    }

    [Fact]
    public void Pascanu_rescales_exactly_to_the_threshold()
    {
        var g = new double[] { 30, 40 };
        GradientClipper.Clip<double>(g, ClipMode.Pascanu, 2.0);
        Assert.Equal(2.0, GradientClipper.TotalNorm<double>(g), 14);
    }

    [Fact]
    public void Zero_gradients_stay_zero()
    {
        var g = new double[3];
        Assert.Equal(0, GradientClipper.Clip<double>(g, ClipMode.Norm, 1.0));
        Assert.Equal(0, GradientClipper.Clip<double>(g, ClipMode.Pascanu, 1.0));
        Assert.All(g, v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_norms_are_reported_and_gradients_left_alone(double bad)
    {
        var g = new double[] { 1, bad };
        double norm = GradientClipper.Clip<double>(g, ClipMode.Norm, 1.0);
        Assert.False(double.IsFinite(norm));
        Assert.Equal(1, g[0]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Error_if_nonfinite_throws_and_leaves_gradients_alone(double bad)
    {
        var g = new double[] { 3, bad };
        var e = Assert.Throws<ElmanException>(() => GradientClipper.Clip<double>(g, ClipMode.Norm, 1.0, errorIfNonfinite: true));
        Assert.Contains("error_if_nonfinite", e.Message);
        Assert.Equal(3, g[0]);
    }

    [Fact]
    public void Error_if_nonfinite_does_not_change_finite_clipping()
    {
        var g = new double[] { 3, 4 };
        Assert.Equal(5, GradientClipper.Clip<double>(g, ClipMode.Norm, 1.0, errorIfNonfinite: true));
        Assert.Equal(1.0, Math.Sqrt(g[0] * g[0] + g[1] * g[1]), 5);
    }

    [Fact]
    public void Value_mode_clamps_each_element()
    {
        var g = new float[] { -3, 0.5f, 7 };
        GradientClipper.Clip<float>(g, ClipMode.Value, 1.0);
        Assert.Equal(new[] { -1f, 0.5f, 1f }, g);
    }

    [Fact]
    public void Total_norm_matches_a_plain_sum_on_a_long_buffer()
    {
        var g = Enumerable.Range(0, 10_001).Select(i => (float)Math.Sin(i)).ToArray();
        double expected = Math.Sqrt(g.Sum(v => (double)v * v));
        Assert.Equal(expected, GradientClipper.TotalNorm<float>(g), 4);
    }
}
