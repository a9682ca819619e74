using System.Numerics;
using Elman.Data;
using Elman.Model;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Tests.Support;

/// <summary>One small model-and-batch configuration for table-driven gradient tests.</summary>
public sealed record ModelCase(int Vocab, int Input, int Hidden, int Layers, int Batch, int Steps, int Classes, Nonlinearity Act, bool Ragged, ulong Seed, bool Bidirectional = false, double Dropout = 0, bool Regression = false, Pooling Pooling = Pooling.Last)
{
    public RnnConfig Config => new(Vocab, Input, Hidden, Layers, Regression ? 1 : Classes, Act, Bidirectional, Dropout, Regression ? OutputHead.Regression : OutputHead.Classification, Pooling);
    public override string ToString() => $"V={Vocab} D={Input} H={Hidden} L={Layers} B={Batch} T={Steps} C={Classes} {Act} ragged={Ragged} seed={Seed}{(Bidirectional ? " bidirectional" : "")}{(Dropout > 0 ? $" dropout={Dropout}" : "")}{(Regression ? " regression" : "")}{(Pooling != Pooling.Last ? $" pooling={RnnConfig.PoolingName(Pooling)}" : "")}";
}

/// <summary>Random models and batches whose padding is filled with noise, so a leak would show.</summary>
public static class RandomModels
{
    public static IEnumerable<object[]> SmallCases() => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 1),
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Relu, true, 2),
        new(0, 3, 5, 2, 4, 6, 3, Nonlinearity.Tanh, true, 3),
        new(0, 4, 6, 2, 3, 5, 2, Nonlinearity.Relu, true, 4),
        new(11, 4, 5, 1, 4, 6, 3, Nonlinearity.Tanh, true, 5),
        new(13, 3, 4, 2, 5, 6, 4, Nonlinearity.Relu, true, 6),
        new(0, 3, 6, 1, 3, 8, 2, Nonlinearity.Tanh, false, 7),
        new(9, 2, 3, 3, 3, 5, 5, Nonlinearity.Tanh, true, 8),
        new(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 9, Bidirectional: true),
        new(10, 3, 4, 2, 4, 6, 3, Nonlinearity.Relu, true, 10, Bidirectional: true),
        new(0, 3, 5, 3, 4, 6, 3, Nonlinearity.Tanh, true, 11, Dropout: 0.3),
        new(0, 3, 4, 2, 3, 5, 2, Nonlinearity.Tanh, true, 12, Bidirectional: true, Dropout: 0.5),
        new(0, 2, 5, 1, 4, 7, 1, Nonlinearity.Relu, true, 13, Regression: true),
        new(6, 3, 4, 2, 4, 6, 1, Nonlinearity.Tanh, true, 14, Bidirectional: true, Regression: true),
    }.Select(c => new object[] { c });

    public static IEnumerable<object[]> DeterministicCases() => SmallCases().Where(o => ((ModelCase)o[0]).Dropout == 0);

    public static IEnumerable<object[]> DenseCases() => SmallCases().Where(o => ((ModelCase)o[0]).Vocab == 0);

    /// <summary>Max and mean pooling over ragged batches: one and stacked layers, both directions, tokens and dense, dropout, regression.</summary>
    public static IEnumerable<object[]> PooledCases() => new[] { Pooling.Max, Pooling.Mean }.SelectMany(p => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 41, Pooling: p),
        new(13, 3, 4, 2, 5, 6, 4, Nonlinearity.Relu, true, 42, Pooling: p),
        new(0, 3, 4, 2, 4, 6, 3, Nonlinearity.Tanh, true, 43, Bidirectional: true, Pooling: p),
        new(10, 3, 4, 1, 4, 6, 3, Nonlinearity.Relu, true, 44, Bidirectional: true, Pooling: p),
        new(0, 3, 4, 3, 3, 5, 2, Nonlinearity.Tanh, true, 45, Bidirectional: true, Dropout: 0.5, Pooling: p),
        new(6, 3, 4, 2, 4, 6, 1, Nonlinearity.Tanh, true, 46, Bidirectional: true, Regression: true, Pooling: p),
    }).Select(c => new object[] { c });

    public static IEnumerable<object[]> PooledDeterministicCases() => PooledCases().Where(o => ((ModelCase)o[0]).Dropout == 0);

    public static IEnumerable<object[]> PooledDenseCases() => PooledCases().Where(o => ((ModelCase)o[0]).Vocab == 0);

    /// <summary>A PyTorch-initialised model with recurrent weights scaled by 1.5 so gradients are not tiny.</summary>
    public static RnnClassifier<T> Model<T>(ModelCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = RnnClassifier<T>.Create(c.Config, c.Seed);
        foreach (var info in model.Layout.Tensors)
            if (info.Name.StartsWith("rnn.", StringComparison.Ordinal))
                foreach (ref var w in model.Weights[info]) w *= T.CreateChecked(1.5);
        return model;
    }

    /// <summary>With dropout, switches training on and fixes one set of masks (drawn on <paramref name="batch"/>), so the loss is a deterministic function of the weights.</summary>
    public static void FixDropoutMasks<T>(RnnClassifier<T> model, in SequenceBatch<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Config.Dropout == 0) return;
        model.Training = true;
        model.Forward(batch);
        model.FreezeDropoutMasks = true;
    }

    /// <summary>A batch for <paramref name="c"/>: lengths[0] = T, others random when ragged; padding is random noise.</summary>
    public static SequenceBatch<T> Batch<T>(ModelCase c, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new SeededRandom(seed);
        var lengths = new int[c.Batch];
        var labels = new int[c.Batch];
        var targets = new T[c.Batch];
        for (int b = 0; b < c.Batch; b++)
        {
            lengths[b] = b == 0 || !c.Ragged ? c.Steps : rng.NextInt(1, c.Steps + 1);
            labels[b] = rng.NextInt(c.Classes);
            targets[b] = T.CreateChecked(rng.NextNormal());
        }
        ReadOnlyMemory<int> y = c.Regression ? default : labels;
        ReadOnlyMemory<T> target = c.Regression ? targets : default;
        if (c.Vocab > 0)
        {
            var tokens = new int[c.Batch * c.Steps];
            for (int b = 0; b < c.Batch; b++)
                for (int t = 0; t < c.Steps; t++)
                    tokens[b * c.Steps + t] = t < lengths[b] ? rng.NextInt(1, c.Vocab) : rng.NextInt(c.Vocab);
            return SequenceBatch<T>.FromTokens(tokens, c.Batch, c.Steps, lengths, y, target);
        }
        var x = new T[c.Batch * c.Steps * c.Input];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextNormal());
        return SequenceBatch<T>.Dense(x, c.Batch, c.Steps, c.Input, lengths, y, target);
    }
}
