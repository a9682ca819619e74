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
/// bidirectional, classification and regression heads, the last state and max and mean pooling.
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

    // Max and mean pooling: dense and tokens, one and stacked layers, both directions, tanh and ReLU, a regression head.
    public static IEnumerable<object[]> PooledCases() => new[] { Pooling.Max, Pooling.Mean }.SelectMany(p => new ModelCase[]
    {
        new(0, 3, 5, 1, 4, 7, 3, Nonlinearity.Tanh, true, 41, Pooling: p),
        new(13, 3, 4, 2, 5, 6, 4, Nonlinearity.Relu, true, 42, Pooling: p),
        new(0, 3, 4, 2, 4, 6, 3, Nonlinearity.Tanh, true, 43, Bidirectional: true, Pooling: p),
        new(200, 16, 48, 2, 16, 40, 4, Nonlinearity.Relu, true, 44, Bidirectional: true, Pooling: p),
        new(6, 3, 4, 2, 4, 6, 1, Nonlinearity.Tanh, true, 45, Bidirectional: true, Regression: true, Pooling: p),
    }).Select(c => new object[] { c });

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
    [MemberData(nameof(PooledCases))]
    public void PooledHeadsReduceOnlyTheValidSteps(ModelCase c)
    {
        var model = RandomModels.Model<float>(c);
        var batch = RandomModels.Batch<float>(c, c.Seed + 100);
        model.Forward(batch);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(model));
        var outputs = runner.Run(batch);
        var expected = ToDouble(model.Logits);
        double error = Norms.RelativeError(outputs[c.Regression ? "prediction" : "logits"], expected);
        Assert.True(error <= Tolerance, $"{c}: outputs relative error {error:E2} > {Tolerance:E0}");
        // The batches are ragged enough that a reduction over every padded step (zeros, as runtimes leave them)
        // would be caught: without the mask the outputs move by far more than the tolerance. (ReLU outputs are
        // never negative, so for a max over them zero padding happens to be harmless.)
        if (c.Act == Nonlinearity.Relu && c.Pooling == Pooling.Max) return;
        double unmasked = Norms.RelativeError(UnmaskedOutputs(model, batch), expected);
        Assert.True(unmasked > 100 * Tolerance, $"{c}: an unmasked reduction differs by only {unmasked:E2}; the case cannot tell");
    }

    // fc(pool over all T computed steps, padded ones zero), what a graph without the mask would give.
    static double[] UnmaskedOutputs(RnnClassifier<float> model, SequenceBatch<float> batch)
    {
        var config = model.Config;
        int bsz = batch.BatchSize, steps = model.ComputedSteps, h = config.HiddenSize, w = config.OutputSize, c = config.NumClasses;
        var lengths = batch.Lengths.Span;
        var pooled = new double[bsz * w];
        for (int b = 0; b < bsz; b++)
            for (int j = 0; j < w; j++)
            {
                int d = j / h;
                var hidden = model.HiddenStates(config.NumLayers - 1, reverse: d == 1);
                double max = double.NegativeInfinity, sum = 0;
                for (int t = 0; t < steps; t++)
                {
                    // Reverse states are in reversed time; padding rows are zero either way.
                    int row = d == 0 ? t : lengths[b] - 1 - t;
                    double v = t < lengths[b] ? hidden[(row * bsz + b) * h + j % h] : 0;
                    max = Math.Max(max, v);
                    sum += v;
                }
                pooled[b * w + j] = config.Pooling == Pooling.Max ? max : sum / steps;
            }
        var fcWeight = model.Weights[ParameterLayout.FcWeight];
        var fcBias = model.Weights[ParameterLayout.FcBias];
        var result = new double[bsz * c];
        for (int b = 0; b < bsz; b++)
            for (int k = 0; k < c; k++)
            {
                double y = fcBias[k];
                for (int j = 0; j < w; j++) y += fcWeight[k * w + j] * pooled[b * w + j];
                result[b * c + k] = y;
            }
        return result;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AMergedEnsembleExportsAsAnOrdinaryRnnWithTheMembersMeanLogits(bool bidirectional)
    {
        foreach (var pooling in new[] { Pooling.Last, Pooling.Max, Pooling.Mean })
            MergedEnsembleMatches(new ModelCase(15, 4, 6, 2, 5, 8, 3, Nonlinearity.Tanh, true, 31, Bidirectional: bidirectional, Pooling: pooling));
    }

    static void MergedEnsembleMatches(ModelCase c)
    {
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
