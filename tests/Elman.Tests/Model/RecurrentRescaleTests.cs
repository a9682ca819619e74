using System.Numerics;
using Elman.Analysis;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Tests.Model;

/// <summary>
/// RecurrentInitializer.RescaleToNorm / RescaleToRadius: afterwards every W_hh has exactly the target
/// ‖W‖₂ or ρ(W), measured independently in double (within 1e-6 relative for float weights, rounded to
/// float, and 1e-12 for double), each W_hh is a multiple of what it was, and nothing else changes.
/// </summary>
public class RecurrentRescaleTests
{
    public static IEnumerable<object[]> Cases() => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 1),
        new(10, 3, 4, 2, 4, 6, 3, Nonlinearity.Relu, true, 10, Bidirectional: true),
        new(0, 3, 33, 2, 4, 6, 3, Nonlinearity.Tanh, true, 21, Bidirectional: true),
        new(9, 2, 3, 3, 3, 5, 5, Nonlinearity.Tanh, true, 8),
    }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void RescaleToNorm_gives_every_recurrent_matrix_the_target_norm(ModelCase c)
    {
        CheckRescale<float>(c, (m, x) => RecurrentInitializer.RescaleToNorm(m, x), (w, h) => SpectralNorm.Exact(w, h, h), 0.9, 1e-6);
        CheckRescale<double>(c, (m, x) => RecurrentInitializer.RescaleToNorm(m, x), (w, h) => SpectralNorm.Exact(w, h, h), 0.9, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RescaleToRadius_gives_every_recurrent_matrix_the_target_radius(ModelCase c)
    {
        CheckRescale<float>(c, (m, x) => RecurrentInitializer.RescaleToRadius(m, x), Eigenvalues.SpectralRadius, 1.1, 1e-6);
        CheckRescale<double>(c, (m, x) => RecurrentInitializer.RescaleToRadius(m, x), Eigenvalues.SpectralRadius, 1.1, 1e-12);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_zero_recurrent_matrix_throws_and_leaves_the_model_unchanged(int layer, bool reverse)
    {
        var model = RandomModels.Model<double>(new ModelCase(0, 3, 4, 2, 4, 6, 3, Nonlinearity.Tanh, true, 3, Bidirectional: true));
        model.Weights[ParameterLayout.WeightHh(layer, reverse)].Clear();
        var before = model.Weights.Values.ToArray();
        var e = Assert.Throws<ElmanException>(() => RecurrentInitializer.RescaleToNorm(model, 0.9));
        Assert.Contains(ParameterLayout.WeightHh(layer, reverse), e.Message);
        Assert.Throws<ElmanException>(() => RecurrentInitializer.RescaleToRadius(model, 1.1));
        Assert.Equal(before, model.Weights.Values);
    }

    [Fact]
    public void A_recurrent_matrix_holding_a_NaN_throws()
    {
        var model = RandomModels.Model<float>(new ModelCase(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 6));
        model.Weights[ParameterLayout.WeightHh(0)][5] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<ElmanException>(() => RecurrentInitializer.RescaleToNorm(model, 0.9)).Message);
        Assert.Contains("NaN", Assert.Throws<ElmanException>(() => RecurrentInitializer.RescaleToRadius(model, 1.1)).Message);
    }

    [Fact]
    public void A_nilpotent_recurrent_matrix_has_a_norm_but_no_radius_to_rescale()
    {
        var model = RandomModels.Model<double>(new ModelCase(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 4));
        var w = model.Weights[ParameterLayout.WeightHh(0)];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j <= i; j++) w[i * 4 + j] = 0;   // strictly upper triangular: every eigenvalue 0
        Assert.Throws<ElmanException>(() => RecurrentInitializer.RescaleToRadius(model, 1.1));
        RecurrentInitializer.RescaleToNorm(model, 0.9);
        Assert.True(Math.Abs(SpectralNorm.Exact<double>(w, 4, 4) - 0.9) <= 1e-12 * 0.9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_target_that_is_not_positive_and_finite_is_rejected(double target)
    {
        var model = RandomModels.Model<float>(new ModelCase(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecurrentInitializer.RescaleToNorm(model, target));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecurrentInitializer.RescaleToRadius(model, target));
    }

    static void CheckRescale<T>(ModelCase c, Action<RnnClassifier<T>, double> rescale, Func<ReadOnlySpan<T>, int, double> measure, double target, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = RandomModels.Model<T>(c);
        var before = model.Weights.Values.ToArray();
        rescale(model, target);
        int h = c.Hidden, recurrent = 0;
        foreach (var info in model.Layout.Tensors)
        {
            var old = before.AsSpan(info.Offset, info.Length);
            var now = model.Weights[info];
            string name = $"{typeof(T).Name} {c}, {info.Name}";
            if (!info.Name.StartsWith("rnn.weight_hh_l", StringComparison.Ordinal))
            {
                Assert.True(old.SequenceEqual(now), $"{name} changed");
                continue;
            }
            recurrent++;
            double value = measure(now, h);
            Assert.True(Math.Abs(value - target) <= tolerance * target, $"{name}: {value:R}, expected {target}");
            // A multiple of the old matrix: now = f · old entry by entry, to the rounding of T.
            double f = measure(now, h) / measure(old, h);
            for (int i = 0; i < now.Length; i++)
            {
                double expected = f * double.CreateChecked(old[i]), actual = double.CreateChecked(now[i]);
                Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{name}[{i}] = {actual:R}, expected {f} · old = {expected:R}");
            }
        }
        Assert.Equal(c.Layers * (c.Bidirectional ? 2 : 1), recurrent);
    }
}
