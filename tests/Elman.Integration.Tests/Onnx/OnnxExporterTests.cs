using Elman.Data;
using Elman.Model;
using Elman.Onnx;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Integration.Tests.Onnx;

/// <summary>
/// The exported ONNX file, run in ONNX Runtime, against Elman's own forward pass on the same weights:
/// logits and probabilities within 1e-5 relative error (‖ort − elman‖₂ / ‖elman‖₂) on random ragged
/// batches whose padding is noise: dense and token inputs, 1–3 layers, tanh and ReLU, forward and
/// bidirectional, classification and regression heads.
/// </summary>
public sealed class OnnxExporterTests
{
    const double Tolerance = 1e-5;

    // Dense and token inputs, 1 to 3 layers, tanh and ReLU, all with ragged lengths; two longer and
    // wider, closer to deployed sizes; bidirectional ones; dropout, which inference ignores.
    public static IEnumerable<object[]> Cases() => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 1),
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Relu, true, 2),
        new(0, 3, 5, 2, 4, 6, 3, Nonlinearity.Tanh, true, 3),
        new(0, 4, 6, 2, 3, 5, 2, Nonlinearity.Relu, true, 4),
        new(11, 4, 5, 1, 4, 6, 3, Nonlinearity.Tanh, true, 5),
        new(13, 3, 4, 1, 5, 6, 4, Nonlinearity.Relu, true, 6),
        new(17, 4, 6, 2, 5, 8, 3, Nonlinearity.Tanh, true, 7),
        new(13, 3, 4, 2, 5, 6, 4, Nonlinearity.Relu, true, 8),
        new(0, 3, 6, 1, 1, 8, 2, Nonlinearity.Tanh, false, 9),
        new(0, 8, 64, 2, 16, 50, 5, Nonlinearity.Tanh, true, 10),
        new(200, 16, 48, 2, 16, 40, 4, Nonlinearity.Relu, true, 11),
        new(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 12, Bidirectional: true),
        new(0, 3, 5, 2, 5, 7, 3, Nonlinearity.Relu, true, 13, Bidirectional: true),
        new(10, 3, 4, 2, 4, 6, 3, Nonlinearity.Relu, true, 14, Bidirectional: true),
        new(12, 4, 5, 3, 5, 8, 2, Nonlinearity.Tanh, true, 15, Bidirectional: true),
        new(0, 3, 5, 2, 4, 6, 3, Nonlinearity.Tanh, true, 16, Bidirectional: true, Dropout: 0.5),
    }.Select(c => new object[] { c });

    public static IEnumerable<object[]> RegressionCases() => new ModelCase[]
    {
        new(0, 2, 5, 1, 4, 7, 1, Nonlinearity.Relu, true, 21, Regression: true),
        new(6, 3, 4, 2, 4, 6, 1, Nonlinearity.Tanh, true, 22, Bidirectional: true, Regression: true),
    }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntimeMatchesElman(ModelCase c)
    {
        var model = RandomModels.Model<float>(c);
        var batch = RandomModels.Batch<float>(c, c.Seed + 100);
        model.Forward(batch);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(model));
        var outputs = runner.Run(batch);

        double logitError = Norms.RelativeError(outputs["logits"], ToDouble(model.Logits));
        double probabilityError = Norms.RelativeError(outputs["probabilities"], ToDouble(model.Probabilities));
        Assert.True(logitError <= Tolerance, $"{c}: logits relative error {logitError:E2} > {Tolerance:E0}");
        Assert.True(probabilityError <= Tolerance, $"{c}: probabilities relative error {probabilityError:E2} > {Tolerance:E0}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AMergedEnsembleExportsAsAnOrdinaryRnnWithTheMembersMeanLogits(bool bidirectional)
    {
        var c = new ModelCase(15, 4, 6, 2, 5, 8, 3, Nonlinearity.Tanh, true, 31, Bidirectional: bidirectional);
        var members = Enumerable.Range(0, 3).Select(m => RandomModels.Model<float>(c with { Seed = c.Seed + (ulong)m })).ToList();
        var merged = Ensemble.Merge(members);
        var batch = RandomModels.Batch<float>(c, c.Seed + 100);
        var mean = new double[c.Batch * c.Classes];
        foreach (var member in members)
        {
            member.Forward(batch);
            for (int i = 0; i < mean.Length; i++) mean[i] += member.Logits[i] / 3.0;
        }
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(merged));
        double error = Norms.RelativeError(runner.Run(batch)["logits"], mean);
        Assert.True(error <= Tolerance, $"{c}: merged ONNX logits differ from the members' mean by {error:E2}");
    }

    [Theory]
    [MemberData(nameof(RegressionCases))]
    public void RegressionHeadExportsItsPrediction(ModelCase c)
    {
        var model = RandomModels.Model<float>(c);
        var batch = RandomModels.Batch<float>(c, c.Seed + 100);
        model.Forward(batch);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(model));
        var outputs = runner.Run(batch);
        Assert.Equal(["prediction"], outputs.Keys);
        double error = Norms.RelativeError(outputs["prediction"], ToDouble(model.Logits));
        Assert.True(error <= Tolerance, $"{c}: prediction relative error {error:E2} > {Tolerance:E0}");
    }

    [Fact]
    public void BatchAndLengthAreDynamic()
    {
        var c = new ModelCase(9, 3, 5, 2, 0, 0, 3, Nonlinearity.Tanh, true, 21, Bidirectional: true);
        var model = RandomModels.Model<float>(c);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(model));
        foreach (var (b, t) in new[] { (1, 1), (3, 9), (7, 4) })
        {
            var batch = RandomModels.Batch<float>(c with { Batch = b, Steps = t }, (ulong)(b * 100 + t));
            model.Forward(batch);
            double error = Norms.RelativeError(runner.Run(batch)["logits"], ToDouble(model.Logits));
            Assert.True(error <= Tolerance, $"B={b} T={t}: logits relative error {error:E2}");
        }
    }

    [Fact]
    public void InterfaceHasTheDocumentedNamesTypesAndSymbolicDimensions()
    {
        var tokens = new OnnxRunner(OnnxExporter.ToBytes(RnnClassifier<float>.Create(new RnnConfig(10, 4, 5, 1, 3), 1)));
        var dense = new OnnxRunner(OnnxExporter.ToBytes(RnnClassifier<float>.Create(new RnnConfig(0, 4, 5, 1, 3), 1)));
        using (tokens)
        using (dense)
        {
            Assert.Equal(["lengths", "tokens"], tokens.Inputs.Keys.Order());
            Assert.Equal(["lengths", "x"], dense.Inputs.Keys.Order());
            Assert.Equal(typeof(long), tokens.Inputs["tokens"].ElementType);
            Assert.Equal(typeof(long), tokens.Inputs["lengths"].ElementType);
            Assert.Equal(["batch", "steps"], tokens.Inputs["tokens"].SymbolicDimensions);
            Assert.Equal(["batch", "steps", ""], dense.Inputs["x"].SymbolicDimensions);
            Assert.Equal([-1, -1, 4], dense.Inputs["x"].Dimensions);
            foreach (var name in new[] { "logits", "probabilities" })
            {
                Assert.Equal(typeof(float), tokens.Outputs[name].ElementType);
                Assert.Equal([-1, 3], tokens.Outputs[name].Dimensions);
            }
        }
    }

    [Fact]
    public void MetadataCarriesConfigAndCallerEntries()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, 2, 3, 1, 2, Nonlinearity.Relu), 1);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(model, new Dictionary<string, string> { ["class_names"] = "[\"no\",\"yes\"]" }));
        Assert.Equal(model.Config.ToJson(), runner.Metadata["config"]);
        Assert.Equal("[\"no\",\"yes\"]", runner.Metadata["class_names"]);
    }

    [Fact]
    public void ExportIsDeterministic()
    {
        var model = RandomModels.Model<float>(new ModelCase(7, 3, 4, 2, 1, 1, 2, Nonlinearity.Tanh, false, 3));
        Assert.Equal(OnnxExporter.ToBytes(model), OnnxExporter.ToBytes(model));
    }

    static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
