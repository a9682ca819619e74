using System.Diagnostics;
using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Training.Experiments;

/// <summary>One point of a run's learning curve.</summary>
/// <param name="Step">Optimiser steps so far.</param>
/// <param name="Metric">Validation error rate (classification) or MSE (regression).</param>
/// <param name="GradientNorm">Mean ‖∇ℓ‖₂ before clipping since the previous point.</param>
/// <param name="RecurrentNorm">‖W_hh‖₂ of the first layer, when a norm function was given (else NaN).</param>
public readonly record struct CurvePoint(long Step, double Metric, double GradientNorm, double RecurrentNorm);

/// <summary>The outcome of one model × length × seed run.</summary>
/// <param name="Variant">The recipe.</param>
/// <param name="Length">T.</param>
/// <param name="Seed">The seed that reproduces the run.</param>
/// <param name="Succeeded">Whether the final test metric beat the threshold.</param>
/// <param name="StepsToSuccess">Steps when the validation metric first beat the threshold and the test confirmed it; null if never.</param>
/// <param name="TestMetric">Error rate or MSE on the fresh test set at the end.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Curve">The learning curve.</param>
public sealed record LongRangeResult(ModelVariant Variant, int Length, ulong Seed, bool Succeeded, long? StepsToSuccess, double TestMetric, long Steps, TimeSpan Elapsed, IReadOnlyList<CurvePoint> Curve);

/// <summary>
/// Trains one recipe on a built-in task with fresh sequences for every chunk of steps (as Pascanu et
/// al. did: the data never repeat), checks a validation set after each chunk, and declares success as
/// they did: below 1 % error on 10,000 fresh test sequences (for the adding problem, MSE below 0.01).
/// </summary>
public sealed record LongRangeRun
{
    /// <summary>Success threshold on the error rate of classification tasks (Pascanu et al.: 1 %).</summary>
    public const double ErrorThreshold = 0.01;
    /// <summary>Success threshold on the MSE of the adding problem (predicting 1 gives 1/6).</summary>
    public const double MseThreshold = 0.01;

    /// <summary>Hidden units (Pascanu et al.: 50 for temporal order; Le et al.: 100 for adding).</summary>
    public int Hidden { get; init; } = 50;
    /// <summary>Sequences per step (Pascanu et al.: 20).</summary>
    public int BatchSize { get; init; } = 20;
    /// <summary>Steps between validation checks.</summary>
    public int StepsPerCheck { get; init; } = 250;
    /// <summary>Validation sequences per check.</summary>
    public int ValidationSize { get; init; } = 1_000;
    /// <summary>Fresh test sequences for the final verdict.</summary>
    public int TestSize { get; init; } = 10_000;
    /// <summary>Wall-time budget of one run.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Step budget of one run (whichever budget runs out first ends it).</summary>
    public long MaxSteps { get; init; } = long.MaxValue;
    /// <summary>Overrides every variant's learning rate when set.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Threads per run.</summary>
    public WorkerPool? Pool { get; init; }
    /// <summary>Computes ‖W_hh‖₂ for the curve; null leaves it NaN.</summary>
    public Func<RnnClassifier<float>, double>? RecurrentNorm { get; init; }
    /// <summary>Called after every check with the run's latest point.</summary>
    public Action<CurvePoint>? Checked { get; init; }

    /// <summary>Runs <paramref name="variant"/> on <paramref name="task"/> with sequences of <paramref name="length"/> steps.</summary>
    public LongRangeResult Run(SyntheticTask task, ModelVariant variant, int length, ulong seed, CancellationToken cancellation = default)
    {
        var config = new RnnConfig(0, task.InputSize, Hidden, 1, task.Outputs, variant.Nonlinearity, Head: task.Head);
        var model = RnnClassifier<float>.Create(config, seed);
        if (variant.Init != RecurrentInit.PyTorch || variant.InitScale != 1)
            RecurrentInitializer.Apply(model, variant.Init, variant.InitScale, SeededRandom.Derive(seed, 4));
        if (variant.Radius is { } radius) RecurrentInitializer.RescaleToRadius(model, radius);
        model.Pool = Pool;
        var options = new TrainingOptions
        {
            Epochs = int.MaxValue, BatchSize = BatchSize, Optimizer = OptimizerKind.Sgd, LearningRate = LearningRate ?? variant.LearningRate,
            Clip = variant.Clip, ClipThreshold = variant.Clip == ClipMode.None ? 1 : variant.ClipThreshold, Seed = seed,
        };
        var trainer = new Trainer(model, options);
        var validation = task.Generate(ValidationSize, length, SeededRandom.Derive(seed, 11));
        double threshold = task.Head == OutputHead.Regression ? MseThreshold : ErrorThreshold;
        var curve = new List<CurvePoint>();
        var clock = Stopwatch.StartNew();
        long? success = null;
        double testMetric = double.NaN;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        // Each epoch is one check's worth of fresh sequences; the check runs when the epoch ends.
        trainer.EpochCompleted = report =>
        {
            double metric = Metric(model, validation);
            var point = new CurvePoint(trainer.Optimizer.Steps, metric, report.MeanGradientNorm, RecurrentNorm?.Invoke(model) ?? double.NaN);
            curve.Add(point);
            Checked?.Invoke(point);
            if (metric < threshold)
            {
                testMetric = Metric(model, task.Generate(TestSize, length, SeededRandom.Derive(seed, 12)));
                if (testMetric < threshold) success = trainer.Optimizer.Steps;
            }
            if (success is not null || clock.Elapsed >= Budget || trainer.Optimizer.Steps >= MaxSteps) stop.Cancel();
        };
        try
        {
            trainer.Fit(epoch => task.Generate(StepsPerCheck * BatchSize, length, SeededRandom.Derive(seed, 1000 + (ulong)epoch)), null, stop.Token);
        }
        catch (ElmanException)
        {
            // Diverged: the run has failed, and its curve shows where.
        }
        if (success is null) testMetric = Metric(model, task.Generate(TestSize, length, SeededRandom.Derive(seed, 12)));
        return new LongRangeResult(variant, length, seed, success is not null, success, testMetric, trainer.Optimizer.Steps, clock.Elapsed, curve);
    }

    static double Metric(RnnClassifier<float> model, Data.SequenceDataset data)
    {
        var result = EvaluationResult.Evaluate(model, data);
        return model.Config.IsRegression ? result.Loss : 1 - result.Accuracy;
    }
}
