using System.Text.Json;
using Elman.Data.Sequences;
using Elman.IO;
using Elman.Numerics;
using Elman.Runs;
using Elman.Tests.IO;

namespace Elman.Tests.Runs;

/// <summary>A run on numeric sequence files: split or given test files, standardisation fitted on the training split only and stored.</summary>
public sealed class NumericRunTests
{
    static void Write(string path, int count, int offset, params string[] classes)
    {
        var random = new SeededRandom((ulong)(count + offset));
        const int t = 5, d = 2;
        var x = new float[count * t * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(offset + 10 * random.NextNormal());
        var y = Enumerable.Range(0, count).Select(n => (long)(n % classes.Length)).ToArray();
        new SafeTensorsFile([SafeTensor.FromSingle("x", x, count, t, d), SafeTensor.FromInt64("lengths", Enumerable.Repeat(5L, count).ToArray(), count), SafeTensor.FromInt64("y", y, count)]).Write(path);
    }

    static TrainingRun Run(NumericFileData data) => RunDefaults.For(data) with { Optimization = RunDefaults.For(data).Optimization with { Epochs = 1 }, Model = new ModelSettings { Hidden = 4 } };

    [Fact]
    public void The_standardisation_is_fitted_on_the_training_split_alone_and_stored()
    {
        using var dir = new TempDirectory();
        Write(dir.File("all.safetensors"), 100, 50, "a", "b");
        var run = Run(new NumericFileData(dir.File("all.safetensors")));
        var result = new Runner().Run(run)!;
        Assert.Equal((80, 10, 10), (result.Data.Train.Count, result.Data.Validation!.Count, result.Data.Test.Count));

        var raw = NumericSequenceFile.Read(dir.File("all.safetensors"));
        var split = raw.Split(Elman.Data.Text.SplitFractions.Parse("80/10/10"), run.Seed);
        var expected = FeatureStandardizer.Fit(raw, split.Train);
        var stored = FeatureStandardizer.ReadFrom(result.Metadata, "model");
        Assert.Equal(expected.Mean, stored.Mean);
        Assert.Equal(expected.Std, stored.Std);
        // The training sequences the model saw are standardised: mean ≈ 0, std ≈ 1 per feature.
        var x = result.Data.Train.X!;
        Assert.InRange(x.Average(v => (double)v), -1e-4, 1e-4);
    }

    [Fact]
    public void Given_test_files_keep_their_sequences_and_merge_the_classes()
    {
        using var dir = new TempDirectory();
        Write(dir.File("train.safetensors"), 60, 0, "0", "1");
        Write(dir.File("test.safetensors"), 30, 0, "0", "1", "2");
        var result = new Runner().Run(Run(new NumericFileData(dir.File("train.safetensors"), TestPath: dir.File("test.safetensors"))))!;
        Assert.Equal(30, result.Data.Test.Count);
        Assert.Equal(60, result.Data.Train.Count + result.Data.Validation!.Count);
        Assert.Equal(["0", "1", "2"], JsonSerializer.Deserialize<string[]>(result.Metadata[Elman.Model.MetadataKeys.ClassNames])!);
        Assert.Equal(3, result.Model.Config.NumClasses);
    }

    [Fact]
    public void A_numeric_run_needs_sequence_settings_and_refuses_text_settings()
    {
        var data = new NumericFileData("x.npz");
        Assert.Equal("Sequences", Assert.Throws<SettingException>(() => (RunDefaults.For(data) with { Sequences = null }).Validate()).Property);
        Assert.Equal("Text", Assert.Throws<SettingException>(() => (RunDefaults.For(data) with { Text = new TextSettings() }).Validate()).Property);
        Assert.Equal("ValidationPath", Assert.Throws<SettingException>(() => (RunDefaults.For(data with { ValidationPath = "v.npz" })).Validate()).Property);
    }

    [Fact]
    public void A_numeric_run_round_trips_through_json()
    {
        var run = RunDefaults.For(new NumericFileData("x.csv", new NumericReadOptions { SequenceColumn = "id", FeatureColumns = ["a", "b"] }, "t.csv")) with { Seed = 7 };
        var back = TrainingRun.FromJson(run.ToJson(), "test");
        Assert.Equal(run.ToJson(), back.ToJson());
        Assert.Equal(["a", "b"], ((NumericFileData)back.Data).Read!.FeatureColumns!);
    }

    sealed class OneSequenceSet(NumericSequences data) : ICorpusSource
    {
        public NamedCorpus Load(string name) => throw new ElmanException("no texts here");
        public NumericSequences LoadSequences(string name) => name == "digits" ? data : throw new ElmanException($"unknown sequence data set '{name}'");
    }

    [Fact]
    public void A_named_sequence_data_set_comes_through_the_corpus_source_and_is_split_by_seed()
    {
        using var dir = new TempDirectory();
        Write(dir.File("all.safetensors"), 50, 3, "a", "b");
        var source = new OneSequenceSet(NumericSequenceFile.Read(dir.File("all.safetensors")));
        var run = RunDefaults.For(new SequenceCorpusData("digits")) with { Optimization = new Elman.Training.TrainingOptions { Epochs = 1 }, Model = new ModelSettings { Hidden = 4 } };
        var result = new Runner(source).Run(run)!;
        Assert.Equal(50, result.Data.Train.Count + result.Data.Validation!.Count + result.Data.Test.Count);
        Assert.Equal("digits", result.Metadata[Elman.Model.MetadataKeys.Dataset]);
        Assert.Contains("unknown sequence data set", Assert.Throws<ElmanException>(() => new Runner(source).Run(run with { Data = new SequenceCorpusData("other") })).Message);
    }
}
