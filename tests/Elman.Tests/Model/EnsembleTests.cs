using Elman.Analysis;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;
using Elman.Numerics;

namespace Elman.Tests.Model;

/// <summary>K members merged into one block-diagonal RNN give the mean of the members' logits.</summary>
public class EnsembleTests
{
    static RnnClassifier<T>[] Members<T>(ModelCase c, int k) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Enumerable.Range(0, k).Select(m => RandomModels.Model<T>(c with { Seed = c.Seed + 100 * (ulong)m })).ToArray();

    [Theory]
    [MemberData(nameof(RandomModels.SmallCases), MemberType = typeof(RandomModels))]
    [MemberData(nameof(RandomModels.PooledCases), MemberType = typeof(RandomModels))]
    public void Merged_logits_are_the_mean_of_the_members_logits(ModelCase c)
    {
        foreach (int k in new[] { 1, 2, 5 })
        {
            var members = Members<double>(c, k);
            var merged = Ensemble.Merge(members);
            var batch = RandomModels.Batch<double>(c, c.Seed + 7);
            var expected = new double[c.Batch * c.Config.NumClasses];
            foreach (var member in members)
            {
                member.Forward(batch);
                for (int i = 0; i < expected.Length; i++) expected[i] += member.Logits[i] / k;
            }
            merged.Forward(batch);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(merged.Logits[i] - expected[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"{c}, K = {k}: logit {i} is {merged.Logits[i]}, expected {expected[i]}");
        }
    }

    [Fact]
    public void The_merged_model_is_an_ordinary_rnn_of_k_times_the_units()
    {
        var c = new ModelCase(12, 4, 5, 2, 3, 6, 3, Nonlinearity.Tanh, true, 21, Bidirectional: true);
        var merged = Ensemble.Merge(Members<float>(c, 3));
        Assert.Equal(c.Config with { InputSize = 12, HiddenSize = 15 }, merged.Config);
        Assert.Equal(new ParameterLayout(merged.Config).Tensors.Select(t => t.ToString()), merged.Layout.Tensors.Select(t => t.ToString()));
        Assert.Equal(new[] { 15, 15 }, merged.Layout[ParameterLayout.WeightHh(1, reverse: true)].Shape);
        Assert.Equal(new[] { 15, 30 }, merged.Layout[ParameterLayout.WeightIh(1)].Shape);

        var dense = new ModelCase(0, 4, 5, 1, 3, 6, 3, Nonlinearity.Tanh, true, 22);
        Assert.Equal(4, Ensemble.Merge(Members<float>(dense, 3)).Config.InputSize);   // the members share a dense input
    }

    [Fact]
    public void Off_diagonal_blocks_are_zero_and_the_spectral_norm_is_the_largest_members()
    {
        var c = new ModelCase(0, 3, 6, 1, 2, 4, 2, Nonlinearity.Tanh, false, 31);
        var members = Members<double>(c, 3);
        var merged = Ensemble.Merge(members);
        var whh = merged.Weights[ParameterLayout.WeightHh(0)].ToArray();
        for (int r = 0; r < 18; r++)
            for (int j = 0; j < 18; j++)
                if (r / 6 != j / 6) Assert.Equal(0.0, whh[r * 18 + j]);
        double largest = members.Max(m => SpectralNorm.Exact<double>(m.Weights[ParameterLayout.WeightHh(0)], 6, 6));
        Assert.Equal(largest, SpectralNorm.Exact<double>(whh, 18, 18), 1e-10);
    }

    [Fact]
    public void One_member_merges_to_itself()
    {
        var c = new ModelCase(9, 3, 4, 2, 2, 4, 3, Nonlinearity.Relu, true, 41, Bidirectional: true);
        var member = RandomModels.Model<float>(c);
        Assert.Equal(member.Weights.Values, Ensemble.Merge([member]).Weights.Values);
    }

    [Fact]
    public void Members_of_different_shapes_or_none_are_refused()
    {
        var a = RandomModels.Model<float>(new ModelCase(0, 3, 4, 1, 2, 4, 2, Nonlinearity.Tanh, false, 1));
        var b = RandomModels.Model<float>(new ModelCase(0, 3, 5, 1, 2, 4, 2, Nonlinearity.Tanh, false, 2));
        Assert.Contains("member 2", Assert.Throws<ElmanException>(() => Ensemble.Merge([a, b])).Message);
        Assert.Contains("at least one", Assert.Throws<ElmanException>(() => Ensemble.Merge(Array.Empty<RnnClassifier<float>>())).Message);
    }
}
