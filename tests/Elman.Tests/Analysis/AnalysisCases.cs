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

    public static (RnnClassifier<double> Model, SequenceBatch<double> Batch, IReadOnlyList<SequenceTrace<double>> Traces) Build(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 100);
        return (model, batch, SequenceTrace<double>.Record(model, batch));
    }

    /// <summary>‖a - b‖_F / max(‖b‖_F, floor).</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double floor = 1e-12) => Norms.RelativeError(a, b, floor);
}
