using Elman.Data;
using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Tests.Training;

/// <summary>
/// Early stopping by a chosen validation metric (<see cref="TrainingOptions.SelectBy"/>): the kept epoch is the first
/// with the best value, the model ends with its weights, patience counts from it, and the choice changes nothing else.
/// </summary>
public class SelectionTests
{
    static readonly SequenceDataset Train = TemporalOrderTask.Generate(160, 10, SeededRandom.Derive(4, 10));
    static readonly SequenceDataset Validation = TemporalOrderTask.Generate(60, 10, SeededRandom.Derive(4, 11));
    static readonly RnnConfig Config = new(0, TemporalOrderTask.InputSize, 10, 1, 4);

    static (Trainer Trainer, RnnClassifier<float> Model, IReadOnlyList<EpochReport> Reports) Fit(ValidationMetric metric, int patience = 0)
    {
        var model = RnnClassifier<float>.Create(Config, 4);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 14, BatchSize = 16, LearningRate = 3e-2, Seed = 4, SelectBy = metric, Patience = patience });
        return (trainer, model, trainer.Fit(Train, Validation));
    }

    [Fact]
    public void A_scripted_sequence_of_values_improves_only_on_strictly_better_ones()
    {
        double[] losses = [0.9, 0.7, 0.7, 0.8, double.NaN, 0.6];
        double[] f1 = [0.2, 0.5, 0.5, 0.4, double.NaN, 0.6];
        Assert.Equal([true, true, false, false, false, true], Marks(ValidationMetric.Loss, losses));
        Assert.Equal([true, true, false, false, false, true], Marks(ValidationMetric.MacroF1, f1));
        Assert.Equal([true, false, false, false, false, false], Marks(ValidationMetric.Accuracy, losses));

        static bool[] Marks(ValidationMetric metric, double[] values)
        {
            double best = metric.Worst();
            return values.Select(v => metric.Improves(v, best) && (best = v) == v).ToArray();
        }
    }

    [Theory]
    [InlineData(ValidationMetric.Accuracy)]
    [InlineData(ValidationMetric.MacroF1)]
    public void The_kept_epoch_is_the_first_with_the_best_metric_and_the_model_holds_its_weights(ValidationMetric metric)
    {
        var (trainer, model, reports) = Fit(metric);
        var byLoss = Fit(ValidationMetric.Loss);
        // The metric only chooses: training itself is the same, number for number.
        Assert.Equal(byLoss.Reports.Select(r => (r.TrainLoss, r.Validation!.Loss, r.Validation.Accuracy, r.Validation.MacroF1)),
            reports.Select(r => (r.TrainLoss, r.Validation!.Loss, r.Validation.Accuracy, r.Validation.MacroF1)));

        double bestValue = reports.Max(r => metric.ValueOf(r.Validation!));
        int expected = reports.First(r => metric.ValueOf(r.Validation!) == bestValue).Epoch;
        Assert.Equal(expected, trainer.BestEpoch);
        Assert.Equal(reports.MinBy(r => r.Validation!.Loss)!.Epoch, byLoss.Trainer.BestEpoch);
        Assert.NotEqual(byLoss.Trainer.BestEpoch, trainer.BestEpoch);   // this run is one where loss and the metric disagree

        var kept = EvaluationResult.Evaluate(model, Validation);
        Assert.Equal(reports[expected - 1].Validation!.MacroF1, kept.MacroF1);
        Assert.Equal(reports[expected - 1].Validation!.Accuracy, kept.Accuracy);
        double running = double.NegativeInfinity;
        foreach (var r in reports)
        {
            Assert.Equal(metric.ValueOf(r.Validation!) > running, r.IsBest);
            running = Math.Max(running, metric.ValueOf(r.Validation!));
        }
    }

    [Fact]
    public void Patience_counts_epochs_without_a_better_macro_f1()
    {
        var (trainer, _, reports) = Fit(ValidationMetric.MacroF1, patience: 2);
        var full = Fit(ValidationMetric.MacroF1).Reports;
        int stop = Enumerable.Range(1, full.Count).First(e =>
            full.Take(e).Last(r => r.IsBest).Epoch + 2 == e);
        Assert.Equal(stop, reports[^1].Epoch);
        Assert.Equal(trainer.BestEpoch + 2, reports[^1].Epoch);
    }

    [Fact]
    public void A_regression_head_selects_by_loss_only()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, 2, 4, 1, 1, Head: OutputHead.Regression), 1);
        var e = Assert.Throws<SettingException>(() => new Trainer(model, new TrainingOptions { SelectBy = ValidationMetric.MacroF1 }));
        Assert.Equal(nameof(TrainingOptions.SelectBy), e.Property);
    }
}
