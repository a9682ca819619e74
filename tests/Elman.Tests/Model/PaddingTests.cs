using Elman.Data;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

/// <summary>Padded steps must change neither the loss nor any gradient, with the last state or a pooled head.</summary>
public class PaddingTests
{
    [Theory]
    [MemberData(nameof(RandomModels.DeterministicCases), MemberType = typeof(RandomModels))]
    [MemberData(nameof(RandomModels.PooledDeterministicCases), MemberType = typeof(RandomModels))]
    public void Batch_gradient_equals_the_mean_of_unpadded_single_sequence_gradients(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 400);
        double batchLoss = model.ComputeGradients(batch);
        var batchGrad = (double[])model.Gradients.Values.Clone();

        var meanGrad = new double[batchGrad.Length];
        double meanLoss = 0;
        var lengths = batch.Lengths.Span;
        var labels = batch.Labels;
        var targets = batch.Targets;
        for (int b = 0; b < c.Batch; b++)
        {
            int len = lengths[b];
            SequenceBatch<double> single;
            if (c.Vocab > 0)
            {
                var tokens = batch.Tokens.Slice(b * c.Steps, len).ToArray();
                single = SequenceBatch<double>.FromTokens(tokens, 1, len, new[] { len }, Row(labels, b), Row(targets, b));
            }
            else
            {
                var x = batch.X.Slice(b * c.Steps * c.Input, len * c.Input).ToArray();
                single = SequenceBatch<double>.Dense(x, 1, len, c.Input, new[] { len }, Row(labels, b), Row(targets, b));
            }
            meanLoss += model.ComputeGradients(single) / c.Batch;
            for (int i = 0; i < meanGrad.Length; i++) meanGrad[i] += model.Gradients.Values[i] / c.Batch;
        }

        Assert.True(Math.Abs(batchLoss - meanLoss) <= 1e-12 * Math.Abs(meanLoss), $"{c}: loss {batchLoss} vs {meanLoss}");
        foreach (var info in model.Layout.Tensors)
        {
            double err = Norms.RelativeError(batchGrad.AsSpan(info.Offset, info.Length), meanGrad.AsSpan(info.Offset, info.Length));
            Assert.True(err <= 1e-12, $"{c}: {info.Name} differs from the unpadded gradient by {err:E2}");
        }
    }

    static ReadOnlyMemory<TValue> Row<TValue>(ReadOnlyMemory<TValue> values, int b) => values.IsEmpty ? default : values.Slice(b, 1);
}
