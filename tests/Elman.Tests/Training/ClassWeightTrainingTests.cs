using Elman.Data;
using Elman.Data.Tasks;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Tests.Training;

/// <summary>
/// Training on the class-weighted cross-entropy (<see cref="TrainingOptions.ClassWeight"/>): the balanced weights come
/// from the training labels, training and validation use the weighted criterion and nothing after <c>Fit</c> does, and
/// an interrupted run resumes bit-identically with the weights and the selection metric it started with.
/// </summary>
public class ClassWeightTrainingTests
{
    static readonly RnnConfig Config = new(0, TemporalOrderTask.InputSize, 8, 1, 4);
    static readonly SequenceDataset Train = Imbalanced(TemporalOrderTask.Generate(240, 10, SeededRandom.Derive(6, 10)));
    static readonly SequenceDataset Validation = Imbalanced(TemporalOrderTask.Generate(120, 10, SeededRandom.Derive(6, 11)));

    static TrainingOptions Balanced => new()
    {
        Epochs = 3, BatchSize = 16, LearningRate = 1e-2, Seed = 6, ClassWeight = ClassWeighting.Balanced, SelectBy = ValidationMetric.MacroF1,
    };

    // Keeps every sequence of class 0, half of class 1 and a sixth of classes 2 and 3: counts roughly 6 : 3 : 1 : 1.
    static SequenceDataset Imbalanced(SequenceDataset all)
    {
        var keep = Enumerable.Range(0, all.Count).Where(i => all.Labels[i] switch { 0 => true, 1 => i % 2 == 0, _ => i % 6 == 0 }).ToArray();
        int width = all.Steps * all.InputSize;
        var x = keep.SelectMany(i => all.X!.AsSpan(i * width, width).ToArray()).ToArray();
        return SequenceDataset.Dense(x, keep.Length, all.Steps, all.InputSize, keep.Select(i => all.Lengths[i]).ToArray(), keep.Select(i => all.Labels[i]).ToArray(), all.ClassNames);
    }

    [Fact]
    public void Balanced_weights_come_from_the_training_labels_and_weigh_training_and_validation_only_during_fit()
    {
        var model = RnnClassifier<float>.Create(Config, 6);
        var trainer = new Trainer(model, Balanced with { Epochs = 1 });
        var report = trainer.Fit(Train, Validation)[0];

        var expected = BalancedClassWeights.From(Train.Labels, 4).Select(w => (float)w).ToArray();
        Assert.Equal(expected, trainer.ClassWeights);
        Assert.True(model.ClassWeights.IsEmpty);

        // The reported validation loss is the weighted mean over the whole set, Σ w_y ℓ / Σ w_y, of the kept (only) epoch.
        var plain = EvaluationResult.Evaluate(model, Validation, batchSize: 7);
        model.ClassWeights = expected;
        Assert.Equal(report.Validation!.Loss, EvaluationResult.Evaluate(model, Validation).Loss, 12);
        Assert.Equal(report.Validation.Loss, EvaluationResult.Evaluate(model, Validation, batchSize: 7).Loss, 6);   // any batching
        Assert.Equal(report.Validation.Loss, WeightedLoss(model, Validation, expected), 5);
        Assert.NotEqual(plain.Loss, report.Validation.Loss, 3);
        Assert.Equal(plain.MacroF1, report.Validation.MacroF1);
    }

    // Σ_i w_{y_i} (-log p_i[y_i]) / Σ_i w_{y_i}, one sequence at a time, in double.
    static double WeightedLoss(RnnClassifier<float> model, SequenceDataset data, float[] weights)
    {
        var buffer = new BatchBuffer(data, 1);
        double numerator = 0, denominator = 0;
        for (int i = 0; i < data.Count; i++)
        {
            model.Forward(buffer.Fill([i]));
            int y = data.Labels[i];
            numerator -= weights[y] * Math.Log(model.Probabilities[y]);
            denominator += weights[y];
        }
        return numerator / denominator;
    }

    [Fact]
    public void Balanced_weights_change_training_and_unit_weights_do_not()
    {
        float[] Weights(TrainingOptions options)
        {
            var model = RnnClassifier<float>.Create(Config, 6);
            new Trainer(model, options).Fit(Train, Validation);
            return model.Weights.Values;
        }
        var plain = Balanced with { ClassWeight = ClassWeighting.None, SelectBy = ValidationMetric.Loss };
        Assert.Equal(Weights(plain), Weights(plain with { ClassWeights = [1, 1, 1, 1] }));
        Assert.NotEqual(Weights(plain), Weights(Balanced with { SelectBy = ValidationMetric.Loss }));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]    // the last step of epoch 1
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    public void An_interrupted_weighted_run_selected_by_macro_f1_resumes_bit_identically(int epochs, int steps)
    {
        int stepsPerEpoch = (Train.Count + 15) / 16, stopAfterSteps = epochs * stepsPerEpoch + steps;
        var model = RnnClassifier<float>.Create(Config, 6);
        var uninterrupted = new Trainer(model, Balanced);
        uninterrupted.Fit(Train, Validation);

        var first = new Trainer(RnnClassifier<float>.Create(Config, 6), Balanced);
        using var stop = new CancellationTokenSource();
        first.StepCompleted = p => { if (p.TotalSteps == stopAfterSteps) stop.Cancel(); };
        first.Fit(Train, Validation, stop.Token);
        Assert.False(first.Finished);
        var state = TrainingState.FromFile(SafeTensorsFile.Parse(first.CaptureState().ToFile().ToBytes(), "state.safetensors"));
        Assert.Equal(ValidationMetric.MacroF1, state.SelectBy);
        Assert.Equal(uninterrupted.ClassWeights, state.ClassWeights);

        var second = new RnnClassifier<float>(Config);
        var resumed = new Trainer(second, Balanced);
        resumed.Restore(state);
        resumed.Fit(Train, Validation);
        Assert.Equal(model.Weights.Values, second.Weights.Values);
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        Assert.Equal(uninterrupted.Reports.Select(r => (r.TrainLoss, r.Validation!.Loss, r.Validation.MacroF1, r.IsBest)),
            resumed.Reports.Select(r => (r.TrainLoss, r.Validation!.Loss, r.Validation.MacroF1, r.IsBest)));
    }

    [Fact]
    public void Resuming_with_another_metric_or_other_weights_is_refused()
    {
        var trainer = new Trainer(RnnClassifier<float>.Create(Config, 6), Balanced);
        using var stop = new CancellationTokenSource();
        trainer.StepCompleted = p => { if (p.TotalSteps == 20) stop.Cancel(); };
        trainer.Fit(Train, Validation, stop.Token);
        var state = trainer.CaptureState();

        string Refusal(TrainingOptions options)
            => Assert.Throws<ElmanException>(() => new Trainer(new RnnClassifier<float>(Config), options).Restore(state)).Message;
        Assert.Contains("selects epochs by validation macro-F1 (SelectBy), this run by loss", Refusal(Balanced with { SelectBy = ValidationMetric.Loss }));
        Assert.Contains("trained with class weights (ClassWeight), this run does not ask for them", Refusal(Balanced with { ClassWeight = ClassWeighting.None }));
        Assert.Contains("this run asks for [1, 1, 1, 1]", Refusal(Balanced with { ClassWeight = ClassWeighting.None, ClassWeights = [1, 1, 1, 1] }));
    }

    public static TheoryData<TrainingOptions, string> BadOptions => new()
    {
        { Balanced with { ClassWeights = [1, 2, 3, 4] }, "ClassWeights" },
        { Balanced with { ClassWeight = ClassWeighting.None, ClassWeights = [1, 2, 3] }, "ClassWeights" },
        { Balanced with { ClassWeight = ClassWeighting.None, ClassWeights = [1, -2, 3, 4] }, "ClassWeights" },
        { Balanced with { ClassWeight = ClassWeighting.None, ClassWeights = [0, 0, 0, 0] }, "ClassWeights" },
        { Balanced with { ClassWeight = ClassWeighting.None, ClassWeights = [1, double.NaN, 3, 4] }, "ClassWeights" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Weights_that_cannot_weigh_this_model_are_refused_naming_the_property(TrainingOptions options, string property)
        => Assert.Equal(property, Assert.Throws<SettingException>(() => new Trainer(RnnClassifier<float>.Create(Config, 6), options)).Property);

    [Fact]
    public void A_regression_head_takes_no_class_weights()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, 2, 4, 1, 1, Head: OutputHead.Regression), 1);
        Assert.Equal("ClassWeight", Assert.Throws<SettingException>(() => new Trainer(model, new TrainingOptions { ClassWeight = ClassWeighting.Balanced })).Property);
    }
}
