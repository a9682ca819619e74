using Elman.Analysis;
using Elman.Data;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Analysis;

/// <summary>Small random models for the analysis tests, dense and double so finite differences are meaningful.</summary>
static class AnalysisCases
{
    public static IEnumerable<object[]> Dense() => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 11),
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Relu, true, 12),
        new(0, 2, 6, 2, 3, 6, 3, Nonlinearity.Tanh, true, 13),
        new(0, 4, 4, 2, 3, 6, 2, Nonlinearity.Relu, true, 14),
        new(0, 3, 7, 1, 1, 9, 4, Nonlinearity.Tanh, false, 15),
    }.Select(c => new object[] { c });

    /// <summary>Bidirectional models (1–2 layers, tanh and ReLU), ragged; the last has a regression head.</summary>
    public static IEnumerable<object[]> Bidirectional() => new ModelCase[]
    {
        new(0, 3, 4, 1, 4, 7, 3, Nonlinearity.Tanh, true, 21, Bidirectional: true),
        new(0, 3, 5, 1, 4, 6, 3, Nonlinearity.Relu, true, 22, Bidirectional: true),
        new(0, 2, 4, 2, 3, 6, 3, Nonlinearity.Tanh, true, 23, Bidirectional: true),
        new(0, 3, 4, 2, 3, 5, 2, Nonlinearity.Relu, true, 24, Bidirectional: true),
        new(0, 2, 3, 3, 3, 5, 2, Nonlinearity.Tanh, true, 25, Bidirectional: true),
        new(0, 2, 4, 2, 3, 6, 1, Nonlinearity.Tanh, true, 26, Bidirectional: true, Regression: true),
    }.Select(c => new object[] { c });

    /// <summary>Max and mean pooling: one and stacked layers, unidirectional and bidirectional, tanh and ReLU, ragged; a regression head.</summary>
    public static IEnumerable<object[]> Pooled() => new[] { Pooling.Max, Pooling.Mean }.SelectMany(p => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 51, Pooling: p),
        new(0, 4, 4, 2, 3, 6, 2, Nonlinearity.Relu, true, 52, Pooling: p),
        new(0, 3, 4, 1, 4, 7, 3, Nonlinearity.Tanh, true, 53, Bidirectional: true, Pooling: p),
        new(0, 2, 4, 2, 3, 6, 3, Nonlinearity.Relu, true, 54, Bidirectional: true, Pooling: p),
        new(0, 2, 3, 3, 3, 5, 2, Nonlinearity.Tanh, true, 55, Bidirectional: true, Pooling: p),
        new(0, 2, 4, 2, 3, 6, 1, Nonlinearity.Tanh, true, 56, Bidirectional: true, Regression: true, Pooling: p),
    }).Select(c => new object[] { c });

    /// <summary>Every dense case, unidirectional and bidirectional.</summary>
    public static IEnumerable<object[]> All() => Dense().Concat(Bidirectional());

    public static (RnnClassifier<double> Model, SequenceBatch<double> Batch, IReadOnlyList<SequenceTrace<double>> Traces) Build(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 100);
        return (model, batch, SequenceTrace<double>.Record(model, batch));
    }

    /// <summary>Example <paramref name="b"/> of a dense batch as a batch of one, with its label or regression target.</summary>
    public static SequenceBatch<double> Single(SequenceBatch<double> batch, int b, double[]? x = null)
    {
        int s = batch.Steps, d = batch.InputSize;
        ReadOnlyMemory<double> input = x ?? batch.X.Slice(b * s * d, s * d).ToArray();
        return SequenceBatch<double>.Dense(input, 1, s, d, new[] { batch.Lengths.Span[b] },
            batch.HasLabels ? new[] { batch.Labels.Span[b] } : default, batch.HasTargets ? new[] { batch.Targets.Span[b] } : default);
    }

    /// <summary>‖a - b‖_F / max(‖b‖_F, floor).</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double floor = 1e-12) => Norms.RelativeError(a, b, floor);
}
