using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Elman.Layers;

namespace Elman.Tests.Training;

public class TrainerTests
{
    static float[] Train(ulong seed, int threads, OptimizerKind optimizer = OptimizerKind.Adam)
    {
        var data = TemporalOrderTask.Generate(300, 12, SeededRandom.Derive(seed, 10));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 16, 2, 4), seed);
        using var pool = new WorkerPool(threads);
        model.Pool = pool;
        new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 1e-2, Optimizer = optimizer, Momentum = 0.9, Seed = seed }).Fit(data);
        return model.Weights.Values;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Same_seed_and_thread_count_give_bit_identical_weights(int threads)
    {
        var a = Train(7, threads);
        var b = Train(7, threads);
        Assert.Equal(a, b);
        Assert.NotEqual(Train(8, threads), a);
    }

    [Fact]
    public void Sgd_runs_are_bit_identical_too()
        => Assert.Equal(Train(3, 1, OptimizerKind.Sgd), Train(3, 1, OptimizerKind.Sgd));

    [Fact]
    public void The_trainer_says_where_its_time_went_and_the_parts_fit_within_the_epochs()
    {
        var data = TemporalOrderTask.Generate(300, 12, SeededRandom.Derive(4, 10));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 16, 1, 4), 4);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 2, LearningRate = 1e-2, Seed = 4 });
        Assert.Equal(default, trainer.Times);
        var reports = trainer.Fit(data);
        var times = trainer.Times;
        Assert.True(times.Gradients > TimeSpan.Zero && times.Batches > TimeSpan.Zero && times.Updates > TimeSpan.Zero, times.ToString());
        Assert.Equal(TimeSpan.Zero, times.Validation);   // no validation split
        Assert.True(times.Total <= reports[^1].Elapsed, $"{times.Total} within {reports[^1].Elapsed}");

        var validated = new Trainer(RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 16, 1, 4), 4), new TrainingOptions { Epochs = 2, LearningRate = 1e-2, Seed = 4 });
        validated.Fit(data, data);
        Assert.True(validated.Times.Validation > TimeSpan.Zero);
    }

    [Fact]
    public void Training_lowers_the_loss_on_a_learnable_task()
    {
        var data = TemporalOrderTask.Generate(2000, 12, SeededRandom.Derive(1, 10));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 32, 1, 4), 1);
        var before = EvaluationResult.Evaluate(model, data);
        var reports = new Trainer(model, new TrainingOptions { Epochs = 8, LearningRate = 3e-3, Seed = 1 }).Fit(data, data);
        Assert.Equal(8, reports.Count);
        Assert.True(reports[^1].Validation!.Loss < 0.5 * before.Loss, $"loss {before.Loss} → {reports[^1].Validation!.Loss}");
        Assert.True(reports[^1].Validation!.Accuracy > 0.9, $"accuracy {reports[^1].Validation!.Accuracy}");
    }

    [Fact]
    public void The_model_ends_with_the_weights_of_the_best_validation_epoch()
    {
        var data = TemporalOrderTask.Generate(500, 12, SeededRandom.Derive(2, 10));
        var validation = TemporalOrderTask.Generate(200, 12, SeededRandom.Derive(2, 11));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 16, 1, 4), 2);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 6, LearningRate = 3e-2, Seed = 2 });
        var reports = trainer.Fit(data, validation);
        var best = reports.MinBy(r => r.Validation!.Loss)!;
        Assert.Equal(best.Epoch, trainer.BestEpoch);
        Assert.Equal(best.Validation!.Loss, EvaluationResult.Evaluate(model, validation).Loss, 9);
        double lowest = double.PositiveInfinity;
        foreach (var r in reports)
        {
            Assert.Equal(r.Validation!.Loss < lowest, r.IsBest);
            lowest = Math.Min(lowest, r.Validation.Loss);
        }
    }

    [Fact]
    public void Patience_stops_training_after_epochs_without_improvement()
    {
        var data = TemporalOrderTask.Generate(200, 12, SeededRandom.Derive(3, 10));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 8, 1, 4), 3);
        // A learning rate this large makes the validation loss stop improving quickly.
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 50, LearningRate = 0.5, Optimizer = OptimizerKind.Sgd, Patience = 2, Seed = 3, Clip = ClipMode.Norm });
        var reports = trainer.Fit(data, data);
        Assert.True(reports.Count < 50, $"ran {reports.Count} epochs");
        Assert.Equal(trainer.BestEpoch + 2, reports[^1].Epoch);
    }

    static Elman.Data.SequenceDataset WithOnePoisonedSequence()
    {
        var data = TemporalOrderTask.Generate(64, 12, SeededRandom.Derive(5, 10));
        data.X![5 * 12 * TemporalOrderTask.InputSize + 3] = float.NaN;
        return data;
    }

    [Fact]
    public void Non_finite_steps_can_be_skipped_and_are_counted()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 8, 1, 4), 5);
        var reports = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 5, OnNonFinite = NonFiniteAction.Skip }).Fit(WithOnePoisonedSequence());
        Assert.All(reports, r => Assert.Equal(1, r.SkippedSteps));
        Assert.All(model.Weights.Values, w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void A_non_finite_step_stops_training_naming_the_step_and_tensor()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 8, 1, 4), 5);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 5 });
        var e = Assert.Throws<ElmanException>(() => trainer.Fit(WithOnePoisonedSequence()));
        Assert.Matches(@"epoch 1, step [12] \(step [12] overall\)", e.Message);
        Assert.Contains("'rnn.weight_ih_l0'", e.Message);
        Assert.Contains("no checkpoint was written", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Divergence_is_reported_as_a_one_line_error()
    {
        var data = TemporalOrderTask.Generate(64, 12, SeededRandom.Derive(1, 10));
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 8, 1, 4, Nonlinearity.Relu), 1);
        foreach (ref var w in model.Weights.Values.AsSpan()) w *= 1e18f;
        var e = Assert.Throws<ElmanException>(() => new Trainer(model, new TrainingOptions { Epochs = 1, Seed = 1 }).Fit(data));
        Assert.Contains("diverged", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
