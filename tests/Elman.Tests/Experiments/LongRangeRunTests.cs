using Elman.Data.Tasks;
using Elman.Experiments;
using Elman.Numerics;

namespace Elman.Tests.Experiments;

/// <summary>Seconds-long versions of the long-range experiments: the real ones live in <c>elman experiment long-range</c>.</summary>
public class LongRangeRunTests
{
    static LongRangeRun Runner => new() { Hidden = 16, StepsPerCheck = 100, ValidationSize = 300, TestSize = 1000, MaxSteps = 3000, Budget = TimeSpan.FromMinutes(5) };

    [Fact]
    public void Orthogonal_init_with_clipping_solves_short_temporal_order_and_stops_at_success()
    {
        var r = Runner.Run(BuiltinTasks.Get("temporal-order"), ModelVariant.Get("tanh-orth-clip"), 10, 1);
        Assert.True(r.Succeeded, $"test error {r.TestMetric} after {r.Steps} steps");
        Assert.Equal(r.Steps, r.StepsToSuccess);
        Assert.True(r.TestMetric < LongRangeRun.ErrorThreshold);
        Assert.Equal(r.Steps, r.Curve[^1].Step);
        Assert.All(r.Curve, p => Assert.True(p.GradientNorm > 0));
    }

    [Fact]
    public void A_run_is_reproducible_from_its_seed()
    {
        var runner = Runner with { MaxSteps = 300 };
        var a = runner.Run(BuiltinTasks.Get("adding"), ModelVariant.Get("irnn"), 12, 3);
        var b = runner.Run(BuiltinTasks.Get("adding"), ModelVariant.Get("irnn"), 12, 3);
        Assert.Equal(a.Curve, b.Curve);
        Assert.Equal(a.TestMetric, b.TestMetric);
        Assert.Equal(300, a.Steps);
    }

    [Fact]
    public void The_smart_tanh_recipe_starts_at_spectral_radius_0_95()
    {
        var runner = Runner with
        {
            MaxSteps = 100, LearningRate = 1e-12,
            RecurrentNorm = m => Elman.Numerics.Eigenvalues.SpectralRadius<float>(m.Weights[Elman.Model.ParameterLayout.WeightHh(0, false)], 16),
        };
        var r = runner.Run(BuiltinTasks.Get("temporal-order"), ModelVariant.Get("tanh-radius-clip"), 10, 2);
        Assert.Equal(0.95, r.Curve[0].RecurrentNorm, 1e-5);
    }

    [Fact]
    public void Unknown_models_are_named()
        => Assert.Contains("tanh-clip", Assert.Throws<ElmanException>(() => ModelVariant.Get("lstm")).Message);
}
