using Elman.Data.Tasks;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Tests.Training;

/// <summary>The moving average of the weights, and training that validates, keeps and resumes it.</summary>
public class WeightAverageTests
{
    static readonly RnnConfig Config = new(0, TemporalOrderTask.InputSize, 8, 1, 4);
    static readonly Elman.Data.SequenceDataset Train = TemporalOrderTask.Generate(96, 10, SeededRandom.Derive(5, 10));
    static readonly Elman.Data.SequenceDataset Validation = TemporalOrderTask.Generate(48, 10, SeededRandom.Derive(5, 11));

    static TrainingOptions Options(double ema) => new() { Epochs = 5, BatchSize = 16, LearningRate = 1e-2, Seed = 5, EmaDecay = ema };

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(257)]
    public void Each_update_moves_the_average_a_share_of_the_way(int n)
    {
        var random = new SeededRandom((ulong)n);
        var initial = Enumerable.Range(0, n).Select(_ => (float)random.NextNormal()).ToArray();
        var average = new WeightAverage(initial, 0.9);
        var expected = initial.Select(v => (double)v).ToArray();
        for (int step = 0; step < 20; step++)
        {
            var w = Enumerable.Range(0, n).Select(_ => (float)random.NextNormal()).ToArray();
            average.Update(w);
            for (int i = 0; i < n; i++) expected[i] = 0.9 * expected[i] + 0.1 * w[i];
        }
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], average.Values[i], 1e-5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void A_decay_outside_zero_to_one_is_refused(double decay)
    {
        Assert.StartsWith("EmaDecay is", Assert.Throws<SettingException>(() => new WeightAverage([1f], decay)).Message);
        if (decay != 0) Assert.Equal("EmaDecay", Assert.Throws<SettingException>(() => Options(decay).Validate()).Property);
    }

    [Fact]
    public void Without_validation_training_ends_on_the_average_of_every_update()
    {
        var model = RnnClassifier<float>.Create(Config, 5);
        var shadow = new WeightAverage(model.Weights.Values, 0.95);
        var trainer = new Trainer(model, Options(0.95));
        trainer.StepCompleted = _ => shadow.Update(model.Weights.Values);
        trainer.Fit(Train);

        var plain = RnnClassifier<float>.Create(Config, 5);
        new Trainer(plain, Options(0)).Fit(Train);

        Assert.Equal(shadow.Values, model.Weights.Values);
        Assert.NotEqual(plain.Weights.Values, model.Weights.Values);
    }

    [Fact]
    public void Validation_and_the_kept_weights_are_the_averages()
    {
        var model = RnnClassifier<float>.Create(Config, 5);
        var trainer = new Trainer(model, Options(0.9));
        var averages = new Dictionary<int, float[]>();
        var shadow = new WeightAverage(model.Weights.Values, 0.9);
        trainer.StepCompleted = _ => shadow.Update(model.Weights.Values);
        trainer.EpochCompleted = report => averages[report.Epoch] = (float[])shadow.Values.Clone();
        trainer.Fit(Train, Validation);

        var check = new RnnClassifier<float>(Config);
        foreach (var report in trainer.Reports)
        {
            averages[report.Epoch].CopyTo(check.Weights.Values, 0);
            Assert.Equal(report.Validation!.Loss, EvaluationResult.Evaluate(check, Validation).Loss);
        }
        Assert.Equal(averages[trainer.BestEpoch], model.Weights.Values);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]   // the last step of epoch 1 (96 / 16)
    [InlineData(14)]
    public void An_interrupted_run_resumes_its_average_bit_identically(int stopAfterSteps)
    {
        var expected = RnnClassifier<float>.Create(Config, 5);
        new Trainer(expected, Options(0.9)).Fit(Train, Validation);

        var first = RnnClassifier<float>.Create(Config, 5);
        var trainer = new Trainer(first, Options(0.9));
        using var stop = new CancellationTokenSource();
        trainer.StepCompleted = p => { if (p.TotalSteps == stopAfterSteps) stop.Cancel(); };
        trainer.Fit(Train, Validation, stop.Token);
        var state = TrainingState.FromFile(SafeTensorsFile.Parse(trainer.CaptureState().ToFile().ToBytes(), "state.safetensors"));
        Assert.NotNull(state.AverageWeights);

        var second = new RnnClassifier<float>(Config);
        var resumed = new Trainer(second, Options(0.9));
        resumed.Restore(state);
        resumed.Fit(Train, Validation);
        Assert.Equal(expected.Weights.Values, second.Weights.Values);
    }

    [Fact]
    public void A_checkpoint_with_or_without_an_average_resumes_only_the_same_way()
    {
        var trainer = new Trainer(RnnClassifier<float>.Create(Config, 5), Options(0.9) with { Epochs = 1 });
        trainer.Fit(Train);
        var withAverage = trainer.CaptureState();
        Assert.Contains("trained with a weight average", Assert.Throws<ElmanException>(() => new Trainer(new RnnClassifier<float>(Config), Options(0)).Restore(withAverage)).Message);

        var plain = new Trainer(RnnClassifier<float>.Create(Config, 5), Options(0) with { Epochs = 1 });
        plain.Fit(Train);
        Assert.Contains("without a weight average", Assert.Throws<ElmanException>(() => new Trainer(new RnnClassifier<float>(Config), Options(0.9)).Restore(plain.CaptureState())).Message);
    }
}
