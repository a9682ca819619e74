using Elman.Data.Tasks;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Elman.Layers;

namespace Elman.Tests.Training;

/// <summary>A run interrupted between any two steps and resumed from its saved state ends bit-identical to an uninterrupted one.</summary>
public class ResumeTests
{
    static readonly RnnConfig Config = new(0, TemporalOrderTask.InputSize, 12, 2, 4, Nonlinearity.Tanh, Dropout: 0.25);

    static TrainingOptions Options(OptimizerKind optimizer) => new()
    {
        Epochs = 4, BatchSize = 16, LearningRate = 5e-3, Optimizer = optimizer, Momentum = optimizer == OptimizerKind.Sgd ? 0.9 : 0,
        Clip = ClipMode.Norm, ClipThreshold = 1, Schedule = ScheduleKind.Cosine, WarmupSteps = 5, Seed = 9,
    };

    static (float[] Weights, IReadOnlyList<EpochReport> Reports) Uninterrupted(OptimizerKind optimizer)
    {
        var model = RnnClassifier<float>.Create(Config, 9);
        var trainer = new Trainer(model, Options(optimizer));
        trainer.Fit(Train, Validation);
        return (model.Weights.Values, trainer.Reports);
    }

    static readonly Elman.Data.SequenceDataset Train = TemporalOrderTask.Generate(100, 12, SeededRandom.Derive(9, 10));
    static readonly Elman.Data.SequenceDataset Validation = TemporalOrderTask.Generate(50, 12, SeededRandom.Derive(9, 11));

    [Theory]
    [InlineData(OptimizerKind.Adam, 1)]
    [InlineData(OptimizerKind.Adam, 7)]      // the last step of epoch 1 (100 / 16 → 7 steps)
    [InlineData(OptimizerKind.Adam, 8)]
    [InlineData(OptimizerKind.Adam, 17)]
    [InlineData(OptimizerKind.Sgd, 12)]
    [InlineData(OptimizerKind.RmsProp, 26)]
    public void Interrupted_and_resumed_run_is_bit_identical(OptimizerKind optimizer, int stopAfterSteps)
    {
        var (expected, expectedReports) = Uninterrupted(optimizer);

        var first = RnnClassifier<float>.Create(Config, 9);
        var trainer = new Trainer(first, Options(optimizer));
        using var stop = new CancellationTokenSource();
        trainer.StepCompleted = p => { if (p.TotalSteps == stopAfterSteps) stop.Cancel(); };
        trainer.Fit(Train, Validation, stop.Token);
        Assert.False(trainer.Finished);
        var bytes = trainer.CaptureState().ToFile().ToBytes();

        var state = TrainingState.FromFile(SafeTensorsFile.Parse(bytes, "state.safetensors"));
        var second = new RnnClassifier<float>(state.Config);
        var resumed = new Trainer(second, Options(optimizer));
        resumed.Restore(state);
        resumed.Fit(Train, Validation);

        Assert.True(resumed.Finished);
        Assert.Equal(expected, second.Weights.Values);
        Assert.Equal(expectedReports.Select(r => (r.Epoch, r.TrainLoss, r.Validation!.Loss, r.IsBest)),
            resumed.Reports.Select(r => (r.Epoch, r.TrainLoss, r.Validation!.Loss, r.IsBest)));
    }

    [Fact]
    public void A_training_checkpoint_is_also_a_model_file()
    {
        var model = RnnClassifier<float>.Create(Config, 9);
        var trainer = new Trainer(model, Options(OptimizerKind.Adam) with { Epochs = 1 });
        trainer.Fit(Train);
        var file = SafeTensorsFile.Parse(trainer.CaptureState().ToFile().ToBytes(), "state.safetensors");
        Assert.Equal(model.Weights.Values, Checkpoint.FromFile<float>(file).Model.Weights.Values);
    }

    [Fact]
    public void A_final_model_is_not_a_training_checkpoint()
    {
        var file = Checkpoint.ToFile(RnnClassifier<float>.Create(Config, 1));
        Assert.Contains("not a training checkpoint", Assert.Throws<ElmanException>(() => TrainingState.FromFile(file)).Message);
    }

    [Fact]
    public void Resuming_on_different_data_is_refused()
    {
        var model = RnnClassifier<float>.Create(Config, 9);
        var trainer = new Trainer(model, Options(OptimizerKind.Adam));
        using var stop = new CancellationTokenSource();
        trainer.StepCompleted = p => { if (p.TotalSteps == 3) stop.Cancel(); };
        trainer.Fit(Train, null, stop.Token);
        var state = trainer.CaptureState();
        var resumed = new Trainer(RnnClassifier<float>.Create(Config, 9), Options(OptimizerKind.Adam));
        resumed.Restore(state);
        Assert.Contains("the data changed", Assert.Throws<ElmanException>(() => resumed.Fit(Validation)).Message);
    }
}
