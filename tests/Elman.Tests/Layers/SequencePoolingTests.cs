using Elman.Layers;
using Elman.Numerics;

namespace Elman.Tests.Layers;

/// <summary>
/// Masked max and mean over time against plain loops: padded rows hold huge values and NaN, which must
/// change nothing; max ties go to the first step, in the forward value's index and in the gradient.
/// </summary>
public class SequencePoolingTests
{
    const int Steps = 5, Batch = 3, Width = 4;
    static readonly int[] Lengths = [5, 1, 3];

    static double[] Outputs(ulong seed)
    {
        var rng = new SeededRandom(seed);
        var o = new double[Steps * Batch * Width];
        for (int t = 0; t < Steps; t++)
            for (int b = 0; b < Batch; b++)
                for (int j = 0; j < Width; j++)
                    o[(t * Batch + b) * Width + j] = t < Lengths[b] ? rng.NextNormal() : j % 2 == 0 ? 1e30 : double.NaN;
        return o;
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Max_and_mean_read_only_the_valid_steps(ulong seed)
    {
        var o = Outputs(seed);
        var max = new double[Batch * Width];
        var mean = new double[Batch * Width];
        var argMax = new int[Batch * Width];
        SequencePooling.Forward<double>(Pooling.Max, max, argMax, o, Lengths, Batch, Width);
        SequencePooling.Forward<double>(Pooling.Mean, mean, [], o, Lengths, Batch, Width);
        for (int b = 0; b < Batch; b++)
            for (int j = 0; j < Width; j++)
            {
                var valid = Enumerable.Range(0, Lengths[b]).Select(t => o[(t * Batch + b) * Width + j]).ToArray();
                Assert.Equal(valid.Max(), max[b * Width + j]);
                Assert.Equal(Array.IndexOf(valid, valid.Max()), argMax[b * Width + j]);
                Assert.Equal(valid.Sum() / valid.Length, mean[b * Width + j], 15);
            }
    }

    [Fact]
    public void Max_ties_go_to_the_first_step_in_value_index_and_gradient()
    {
        // One sequence of 4 steps, one feature: 0.5 at t = 1 and t = 3 (0-based), less elsewhere.
        double[] o = [0.1, 0.5, -2, 0.5];
        var p = new double[1];
        var argMax = new int[1];
        SequencePooling.Forward<double>(Pooling.Max, p, argMax, o, [4], 1, 1);
        Assert.Equal(0.5, p[0]);
        Assert.Equal(1, argMax[0]);
        var dO = new double[] { 9, 9, 9, 9 };
        SequencePooling.Backward<double>(Pooling.Max, dO, [2.0], argMax, [4], 1, 1);
        Assert.Equal([0, 2.0, 0, 0], dO);
    }

    [Fact]
    public void Backward_routes_max_to_the_argmax_and_mean_evenly_and_clears_padding()
    {
        var o = Outputs(7);
        var rng = new SeededRandom(8);
        var dP = Enumerable.Range(0, Batch * Width).Select(_ => rng.NextNormal()).ToArray();
        var argMax = new int[Batch * Width];
        SequencePooling.Forward<double>(Pooling.Max, new double[Batch * Width], argMax, o, Lengths, Batch, Width);
        var dMax = Enumerable.Repeat(double.NaN, o.Length).ToArray();   // overwritten everywhere
        var dMean = Enumerable.Repeat(double.NaN, o.Length).ToArray();
        SequencePooling.Backward<double>(Pooling.Max, dMax, dP, argMax, Lengths, Batch, Width);
        SequencePooling.Backward<double>(Pooling.Mean, dMean, dP, [], Lengths, Batch, Width);
        for (int t = 0; t < Steps; t++)
            for (int b = 0; b < Batch; b++)
                for (int j = 0; j < Width; j++)
                {
                    int at = (t * Batch + b) * Width + j;
                    Assert.Equal(t == argMax[b * Width + j] ? dP[b * Width + j] : 0, dMax[at]);
                    Assert.Equal(t < Lengths[b] ? dP[b * Width + j] / Lengths[b] : 0, dMean[at], 15);
                }
    }

    [Fact]
    public void The_last_state_is_not_a_reduction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SequencePooling.Forward<double>(Pooling.Last, new double[1], [], [1.0], [1], 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SequencePooling.Backward<double>(Pooling.Last, new double[1], [1.0], [], [1], 1, 1));
    }
}
