using Elman.Cluster.Hosting;
using Elman.Cluster.Units;
using Elman.Data.Tasks;
using Elman.Data.Text;
using Elman.Experiments;
using Elman.IO;
using Elman.Model;
using Elman.Runs;
using Elman.Tests.IO;

namespace Elman.Cluster.Tests.Units;

/// <summary>
/// Units computed by a silo's <see cref="SiloWork"/> in this process (no Orleans) and decoded as a client would,
/// against the same work done locally: the models, curves and predictions must be equal to the bit.
/// </summary>
public sealed class UnitExecutionTests
{
    sealed class NoCorpora : ICorpusSource
    {
        public NamedCorpus Load(string name) => throw new ElmanException($"no corpus '{name}' in this test");
    }

    static UnitResult Compute(WorkUnit unit, string folder) => new SiloWork(2, new NoCorpora(), new UnitFileStore(folder), () => "test-silo").Run(unit).GetAwaiter().GetResult();

    static byte[] ModelBytes(RnnClassifier<float> model) => Checkpoint.ToFile(model).ToBytes();

    [Fact]
    public void AMemberWithItsFileIsTheLocalMemberToTheBit()
    {
        using var folder = new TempDirectory();
        string csv = folder.File("names.csv");
        File.WriteAllText(csv, "text,label\n" + string.Concat(Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? $"ab{new string('a', i % 7)}c,first\n" : $"xy{new string('z', i % 5)}w,second\n")));
        var run = new TrainingRun
        {
            Data = new TextFileData(csv),
            Text = new TextSettings { Tokenizer = TokenizerKind.Char, MinFrequency = 1 },
            Model = new ModelSettings { Hidden = 8 },
            Optimization = new Training.TrainingOptions { Epochs = 2, BatchSize = 16 },
            Ensemble = 3,
            Threads = 2,
            Seed = 4,
        };
        var local = new Runner().Run(run)!;

        var unit = MemberUnits.Describe(run, 2);
        File.Delete(csv);   // the silo reads its own copy, named by the file's hash
        var result = Compute(unit, folder.File("silo"));
        var member = MemberUnits.Decode(result.Payload, 2, run.Seed + 2);

        Assert.Equal(ModelBytes(local.Members[2].Model), ModelBytes(member.Model));
        Assert.Equal(local.Members[2].BestEpoch, member.BestEpoch);
        Assert.Equal(local.Members[2].Reports.Select(r => (r.TrainLoss, r.Validation?.Loss)), member.Reports.Select(r => (r.TrainLoss, r.Validation?.Loss)));
        Assert.Equal(local.Members[2].FinalState.Weights, member.FinalState.Weights);
        Assert.Equal("test-silo", result.Silo);
        Assert.Equal(Environment.ProcessId, result.ProcessId);
    }

    [Fact]
    public void ALongRangeCellIsTheLocalCell()
    {
        using var folder = new TempDirectory();
        var settings = new LongRangeRun { Hidden = 8, StepsPerCheck = 20, MaxSteps = 60, ValidationSize = 100, TestSize = 200, RecurrentNorm = LongRangeRun.FirstLayerRecurrentNorm };
        var task = BuiltinTasks.Get("temporal-order");
        var variant = ModelVariant.Get("irnn");
        var local = settings.Run(task, variant, 10, 3);

        var result = Compute(LongRangeCells.Describe(settings, task, variant, 10, 3), folder.Path);
        var cell = LongRangeCells.Decode(result.Payload, variant, 10, 3);

        Assert.Equal(local.Curve, cell.Curve);
        Assert.Equal((local.Succeeded, local.StepsToSuccess, local.TestMetric, local.Steps), (cell.Succeeded, cell.StepsToSuccess, cell.TestMetric, cell.Steps));
        Assert.Equal(3, local.Curve.Count);
    }

    [Fact]
    public void APredictionShardIsTheLocalPredictionsOfItsTexts()
    {
        using var folder = new TempDirectory();
        var rows = Enumerable.Range(0, 80).Select(i => new LabelledText(i % 2 == 0 ? $"ab{i % 9}" : $"yz{i % 4}", i % 2 == 0 ? "first" : "second")).ToList();
        var run = new TrainingRun
        {
            Data = new TextRowsData("rows", rows),
            Text = new TextSettings { Tokenizer = TokenizerKind.Char, MinFrequency = 1 },
            Model = new ModelSettings { Hidden = 6 },
            Optimization = new Training.TrainingOptions { Epochs = 1 },
        };
        var trained = new Runner().Run(run)!;
        byte[] model = Checkpoint.ToFile(trained.Model, trained.Metadata).ToBytes();
        var classifier = TextClassifier.FromCheckpoint(trained.Model, trained.Metadata, "model");
        string[] texts = ["ab1", "yz", "abab", "zzzz", "a", "y1z2"];
        var local = classifier.Predict(texts, batchSize: 4);

        var result = Compute(PredictionShards.Describe(UnitFile.FromBytes("model", model), 0, texts, 4, 1, 0, 1), folder.Path);
        var shard = PredictionShards.Decode(result.Payload, texts, classifier.ClassNames);

        Assert.Equal(local.Select(p => (p.Text, p.ClassIndex, p.Label)), shard.Select(p => (p.Text, p.ClassIndex, p.Label)));
        Assert.Equal(local.SelectMany(p => p.Probabilities), shard.SelectMany(p => p.Probabilities));
    }
}
