using Elman.Model;
using Elman.Numerics;

namespace Elman.Tests.Model;

public class RecurrentInitializerTests
{
    static RnnClassifier<float> Init(RecurrentInit kind, double scale, int h = 17, bool bidirectional = false)
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, 3, h, 2, 2, Bidirectional: bidirectional), 1);
        RecurrentInitializer.Apply(model, kind, scale, new SeededRandom(2));
        return model;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(33, true)]
    public void Orthogonal_init_gives_WtW_equal_to_scale_squared_times_I(int h, bool bidirectional)
    {
        const double scale = 1.3;
        var model = Init(RecurrentInit.Orthogonal, scale, h, bidirectional);
        foreach (var info in model.Layout.Tensors.Where(t => t.Name.Contains("weight_hh")))
        {
            var w = model.Weights[info];
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++)
                {
                    double dot = 0;
                    for (int r = 0; r < h; r++) dot += (double)w[r * h + i] * w[r * h + j];
                    Assert.True(Math.Abs(dot - (i == j ? scale * scale : 0)) <= 1e-5, $"{info.Name}: (WᵀW)[{i},{j}] = {dot}");
                }
        }
    }

    [Fact]
    public void Identity_init_is_exact_and_zeroes_the_recurrent_biases()
    {
        var model = Init(RecurrentInit.Identity, 0.9);
        for (int k = 0; k < 2; k++)
        {
            var w = model.Weights[ParameterLayout.WeightHh(k)];
            for (int i = 0; i < 17; i++)
                for (int j = 0; j < 17; j++)
                    Assert.Equal(i == j ? 0.9f : 0f, w[i * 17 + j]);
            Assert.All(model.Weights[ParameterLayout.BiasHh(k)].ToArray(), b => Assert.Equal(0f, b));
            Assert.All(model.Weights[ParameterLayout.BiasIh(k)].ToArray(), b => Assert.Equal(0f, b));
        }
    }

    [Fact]
    public void Glorot_init_stays_within_its_bound_and_fills_it()
    {
        var w = Init(RecurrentInit.Glorot, 1.0, 64).Weights[ParameterLayout.WeightHh(0)].ToArray();
        double bound = Math.Sqrt(6.0 / 128);
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound);
    }

    [Fact]
    public void The_same_seed_gives_the_same_matrices()
        => Assert.Equal(Init(RecurrentInit.Orthogonal, 1).Weights.Values, Init(RecurrentInit.Orthogonal, 1).Weights.Values);
}
