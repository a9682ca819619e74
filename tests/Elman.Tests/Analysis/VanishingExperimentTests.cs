using Elman.Analysis;
using Elman.Numerics;

namespace Elman.Tests.Analysis;

/// <summary>The vanishing-gradient experiment reproduces the seed's conclusion on a small, fast setting.</summary>
public class VanishingExperimentTests
{
    static readonly VanishingExperimentOptions Small = new() { Hidden = 12, Length = 16, Sequences = 4, Seed = 3 };
    static readonly IReadOnlyList<VanishingCurve> Curves = VanishingExperiment.Run(Small);

    [Fact]
    public void Every_setting_has_the_requested_spectral_norm_and_stays_under_its_bound()
    {
        Assert.Equal(3 * 2 * Small.Scales.Count, Curves.Count);
        foreach (var c in Curves)
        {
            string name = $"{c.Regime}, {c.Kind}, s = {c.Scale}";
            Assert.True(Math.Abs(c.SpectralNormWhh - c.Scale) <= 1e-12 * c.Scale, $"{name}: ‖W_hh‖₂ = {c.SpectralNormWhh:R}");
            Assert.Equal(Small.Length, c.JacobianNorms.Length);
            for (int lag = 0; lag < Small.Length; lag++)
            {
                // Power-iteration norms are lower bounds, so the slack is rounding only.
                Assert.True(c.JacobianNorms[lag].Max <= c.JacobianBound[lag] * (1 + 1e-9), $"{name}, lag {lag}: ‖∂h_T/∂h_i‖₂ = {c.JacobianNorms[lag].Max:R} > s^lag = {c.JacobianBound[lag]:R}");
                Assert.Equal(Small.Sequences, c.JacobianNorms[lag].Count);
            }
        }
    }

    [Fact]
    public void Below_one_everything_vanishes_and_in_the_linear_regime_orthogonal_matrices_grow_exactly_as_s_to_the_lag()
    {
        foreach (var c in Curves)
        {
            string name = $"{c.Regime}, {c.Kind}, s = {c.Scale}";
            if (c.Scale < 1)
                Assert.True(c.GrowthRate < 1 && c.LossGradientGrowthRate < 1, $"{name}: rates {c.GrowthRate:F4} and {c.LossGradientGrowthRate:F4}, expected < 1");
            if (c is { Regime: ActivationRegime.Linear, Kind: RecurrentMatrixKind.Orthogonal })
            {
                Assert.True(Math.Abs(c.GrowthRate - c.Scale) <= 1e-6 * c.Scale, $"{name}: rate {c.GrowthRate:R}, expected s");
                Assert.True(Math.Abs(c.LossGradientGrowthRate - c.Scale) <= 0.05 * c.Scale, $"{name}: ∂ℓ/∂h_i rate {c.LossGradientGrowthRate:R}, expected ≈ s");
                if (c.Scale > 1) Assert.True(c.GrowthRate > 1, $"{name}: rate {c.GrowthRate:R}, expected growth");
            }
            if (c.Regime == ActivationRegime.Linear) Assert.True(c.MeanDerivative > 1 - 1e-9, $"{name}: mean σ' = {c.MeanDerivative:R}, expected ≈ 1");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers()
    {
        var again = VanishingExperiment.Run(Small with { Scales = [0.9] });
        var first = Curves.Where(c => c.Scale == 0.9).ToList();
        Assert.Equal(first.Select(c => c.GrowthRate), again.Select(c => c.GrowthRate));
    }

    [Theory]
    [InlineData(new[] { 2.0, 2.0 * 0.9, 2.0 * 0.9 * 0.9, 2.0 * 0.9 * 0.9 * 0.9 }, 0.9)]
    [InlineData(new[] { 1.0, 1.5, 2.25, 3.375 }, 1.5)]
    public void Growth_rate_of_an_exact_geometric_series_is_its_ratio(double[] values, double expected)
    {
        var series = new[] { 1.0 }.Concat(values).ToArray();   // lag 0 is skipped by default
        Assert.Equal(expected, GrowthRate.Fit(series), 12);
    }

    [Fact]
    public void Orthogonal_matrices_are_orthogonal_times_the_scale()
    {
        int h = 9;
        var w = RecurrentMatrices.Orthogonal(h, 1.3, new SeededRandom(5));
        for (int a = 0; a < h; a++)
            for (int b = 0; b < h; b++)
            {
                double dot = 0;
                for (int k = 0; k < h; k++) dot += w[a * h + k] * w[b * h + k];
                Assert.True(Math.Abs(dot - (a == b ? 1.69 : 0)) <= 1e-13, $"(WWᵀ)[{a},{b}] = {dot:R}, expected {(a == b ? 1.69 : 0)}");
            }
    }
}
