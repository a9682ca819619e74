using Elman.Data.Text;
using Elman.IO;
using Elman.MLNet;
using Elman.Model;
using Elman.Tests.IO;
using Elman.Tests.Support;
using Elman.Training;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Elman.Integration.Tests.MLNet;

/// <summary>
/// ML.NET and the CLI describe the same run to the same library pipeline: the same rows and options give a model
/// with byte-identical weights through an ML.NET pipeline and through <c>elman train --data</c>.
/// </summary>
public sealed class SamePipelineTests
{
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(1, false, true)]   // class-weighted loss, epochs kept by macro-F1: TrainingOptions.ClassWeight and SelectBy flow through
    public void MLNetAndTheCliTrainTheSameModel(int ensemble, bool bidirectional, bool balancedByMacroF1)
    {
        using var dir = new TempDirectory();
        var rows = TopicData.Rows(240, 5);
        if (balancedByMacroF1) rows = rows.Where((r, i) => r.Label == rows[0].Label || i % 3 == 0).ToArray();   // one topic in full, the others a third
        File.WriteAllLines(dir.File("topics.csv"), ["text,label", .. rows.Select(r => $"{r.Text},{r.Label}")]);

        var defaults = new ElmanTextClassificationOptions();
        var options = defaults with
        {
            Text = defaults.Text with { Embedding = 12, TokenDropout = 0.1 },
            Model = defaults.Model with { Hidden = 16, Bidirectional = bidirectional },
            Optimization = defaults.Optimization with
            {
                Epochs = 3, BatchSize = 16,
                ClassWeight = balancedByMacroF1 ? ClassWeighting.Balanced : ClassWeighting.None,
                SelectBy = balancedByMacroF1 ? ValidationMetric.MacroF1 : ValidationMetric.Loss,
            },
            Ensemble = ensemble,
            Seed = 7,
            Threads = 1,
        };
        var ml = new MLContext(seed: 0);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.ElmanTextClassification(options));
        var viaMLNet = pipeline.Fit(ml.Data.LoadFromEnumerable(rows)).LastTransformer.Model;

        var r = CliProcess.RunIn(dir.Path, "train", "--data", "topics.csv", "--embedding", "12", "--token-dropout", "0.1", "--hidden", "16",
            "--bidirectional", bidirectional ? "true" : "false", "--epochs", "3", "--batch-size", "16", "--ensemble", ensemble.ToString(),
            "--seed", "7", "--threads", "1", "--out", "m.safetensors",
            "--class-weight", balancedByMacroF1 ? "balanced" : "none", "--select-by", balancedByMacroF1 ? "macro-f1" : "loss");
        Assert.True(r.ExitCode == 0, r.ToString());
        var viaCli = Checkpoint.Load<float>(dir.File("m.safetensors")).Model;

        Assert.Equal(viaCli.Config, viaMLNet.Config);
        Assert.Equal(viaCli.Weights.Values, viaMLNet.Weights.Values);
    }
}
