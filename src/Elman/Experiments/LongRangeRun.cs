using System.Diagnostics;
using Elman.Data;
using Elman.Data.Tasks;
using Elman.Runs;
using Elman.Training;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Experiments;

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
    public int Threads { get; init; } = 1;
    /// <summary>Computes ‖W_hh‖₂ for the curve; null leaves it NaN.</summary>
    public Func<RnnClassifier<float>, double>? RecurrentNorm { get; init; }
    /// <summary>‖W_hh‖₂ of the first layer (power iteration to a relative tolerance of 1e-4): what <c>elman experiment long-range</c> tracks on its curves.</summary>
    public static double FirstLayerRecurrentNorm(RnnClassifier<float> model)
        => SpectralNorm.Estimate<float>(model.Weights[ParameterLayout.WeightHh(0, false)], model.Config.HiddenSize, model.Config.HiddenSize, tolerance: 1e-4).Value;

    /// <summary>Called after every check with the run's latest point.</summary>
    public Action<CurvePoint>? Checked { get; init; }

    /// <summary>The run one cell describes: SGD on fresh sequences, one check's worth (<see cref="StepsPerCheck"/> steps) per epoch, until success or a budget ends it.</summary>
    public TrainingRun Describe(SyntheticTask task, ModelVariant variant, int length, ulong seed) => new()
    {
        Data = new SyntheticData(task.Name, length, StepsPerCheck * BatchSize, TestSize, FreshEachEpoch: true),
        Model = new ModelSettings { Hidden = Hidden, Nonlinearity = variant.Nonlinearity, Init = variant.Init, InitScale = variant.InitScale, InitRadius = variant.Radius },
        Optimization = new TrainingOptions
        {
            Epochs = int.MaxValue, BatchSize = BatchSize, Optimizer = OptimizerKind.Sgd, LearningRate = LearningRate ?? variant.LearningRate,
            Clip = variant.Clip, ClipThreshold = variant.Clip == ClipMode.None ? 1 : variant.ClipThreshold,
        },
        Seed = seed,
        Threads = Threads,
    };

    /// <summary>Runs <paramref name="variant"/> on <paramref name="task"/> with sequences of <paramref name="length"/> steps, through the library's <see cref="Runner"/>.</summary>
    public LongRangeResult Run(SyntheticTask task, ModelVariant variant, int length, ulong seed, CancellationToken cancellation = default)
    {
        var check = new Check(this, task, length, seed);
        var clock = Stopwatch.StartNew();
        RunResult? result = null;
        try
        {
            result = new Runner().Run(Describe(task, variant, length, seed), observer: check, cancellation: cancellation);
        }
        catch (ElmanException) when (check.Model is not null)
        {
            // Diverged: the run has failed, and its curve shows where.
        }
        var model = result?.Model ?? check.Model!;
        double testMetric = check.Success is not null ? check.TestMetric : result?.Test is { } test ? MetricOf(model, test) : Metric(model, task.Generate(TestSize, length, SeededRandom.Derive(seed, 12)));
        return new LongRangeResult(variant, length, seed, check.Success is not null, check.Success, testMetric, check.Steps, clock.Elapsed, check.Curve);
    }

    // After every epoch: the validation metric; below the threshold, the test confirms it and the run stops; a budget stops it too.
    sealed class Check(LongRangeRun settings, SyntheticTask task, int length, ulong seed) : IRunObserver
    {
        readonly Stopwatch _clock = new();
        readonly SequenceDataset _validation = task.Generate(settings.ValidationSize, length, SeededRandom.Derive(seed, 11));
        readonly double _threshold = task.Head == OutputHead.Regression ? MseThreshold : ErrorThreshold;
        Trainer? _trainer;

        public RnnClassifier<float>? Model { get; private set; }
        public List<CurvePoint> Curve { get; } = [];
        public long? Success { get; private set; }
        public double TestMetric { get; private set; } = double.NaN;
        public long Steps => _trainer?.Optimizer.Steps ?? 0;

        public void Train(Trainer trainer, RnnClassifier<float> model, PreparedData data, int member, Action fit)
        {
            (_trainer, Model) = (trainer, model);
            trainer.EpochCompleted = report =>
            {
                double metric = Metric(model, _validation);
                var point = new CurvePoint(trainer.Optimizer.Steps, metric, report.MeanGradientNorm, settings.RecurrentNorm?.Invoke(model) ?? double.NaN);
                Curve.Add(point);
                settings.Checked?.Invoke(point);
                if (metric < _threshold)
                {
                    TestMetric = Metric(model, data.Test);
                    if (TestMetric < _threshold) Success = trainer.Optimizer.Steps;
                }
                if (Success is not null || _clock.Elapsed >= settings.Budget || trainer.Optimizer.Steps >= settings.MaxSteps) trainer.StopAfterThisEpoch();
            };
            _clock.Start();
            fit();
        }
    }

    static double MetricOf(RnnClassifier<float> model, EvaluationResult result) => model.Config.IsRegression ? result.Loss : 1 - result.Accuracy;

    static double Metric(RnnClassifier<float> model, SequenceDataset data) => MetricOf(model, EvaluationResult.Evaluate(model, data));
}
