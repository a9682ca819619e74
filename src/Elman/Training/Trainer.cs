using System.Diagnostics;
using Elman.Data;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>Where training stands, reported after every step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps in one epoch.</param>
/// <param name="TotalSteps">Steps since training began.</param>
/// <param name="Loss">Mean training loss over this epoch so far.</param>
/// <param name="Accuracy">Training accuracy over this epoch so far.</param>
/// <param name="StepsPerSecond">Steps per second since training began.</param>
/// <param name="GradientNorm">‖∇ℓ‖₂ over all parameters at this step, before clipping.</param>
public readonly record struct TrainingProgress(int Epoch, int Step, int StepsPerEpoch, long TotalSteps, double Loss, double Accuracy, double StepsPerSecond, double GradientNorm);

/// <summary>The outcome of one epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch.</param>
/// <param name="Validation">Validation metrics, when a validation set was given.</param>
/// <param name="Elapsed">Time since training began.</param>
/// <param name="MeanGradientNorm">Mean over the epoch's steps of ‖∇ℓ‖₂ before clipping.</param>
/// <param name="IsBest">Whether this epoch has the lowest validation loss so far (its weights are kept).</param>
/// <param name="SkippedSteps">Steps whose update was skipped because the loss or gradient was not finite.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double TrainAccuracy, EvaluationResult? Validation, TimeSpan Elapsed, double MeanGradientNorm, bool IsBest, int SkippedSteps = 0);

/// <summary>
/// Mini-batch training of an <see cref="RnnClassifier{T}"/>: shuffle by seed, forward, exact BPTT,
/// optional clipping, optimiser step. With a validation set it keeps the weights of the epoch with
/// the lowest validation loss, restores them at the end, and stops early after
/// <see cref="TrainingOptions.Patience"/> epochs without improvement. Nothing here allocates per
/// step once the first batch has been seen.
/// </summary>
public sealed class Trainer
{
    readonly RnnClassifier<float> _model;
    readonly TrainingOptions _options;
    readonly Optimizer<float> _optimizer;

    /// <summary>A trainer for <paramref name="model"/>; the optimiser is built from <paramref name="options"/>.</summary>
    public Trainer(RnnClassifier<float> model, TrainingOptions options)
    {
        options.Validate();
        _model = model;
        _options = options;
        _optimizer = options.CreateOptimizer(model.Layout.TotalLength);
    }

    /// <summary>The epoch whose weights the model holds after <see cref="Fit"/> with validation (0 before any).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Where the last complete checkpoint of this run was written, for messages; null when none was.</summary>
    public string? LastGoodCheckpoint { get; set; }

    /// <summary>The optimiser, for inspection (steps taken, state).</summary>
    public Optimizer<float> Optimizer => _optimizer;

    /// <summary>Called after every step.</summary>
    public Action<TrainingProgress>? StepCompleted { get; set; }

    /// <summary>Called after every epoch, with validation metrics when a validation set is given.</summary>
    public Action<EpochReport>? EpochCompleted { get; set; }

    /// <summary>
    /// Trains for up to <see cref="TrainingOptions.Epochs"/> epochs; stops early, between steps, when
    /// <paramref name="cancellation"/> fires. With <paramref name="validation"/>, the model ends holding
    /// the weights of <see cref="BestEpoch"/>.
    /// </summary>
    /// <exception cref="ElmanException">The data do not fit the model, or the loss became NaN or infinite.</exception>
    public IReadOnlyList<EpochReport> Fit(SequenceDataset train, SequenceDataset? validation = null, CancellationToken cancellation = default)
    {
        if (train.Count == 0) throw new ElmanException("the training set is empty");
        int batchSize = Math.Min(_options.BatchSize, train.Count);
        int stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        var order = new int[train.Count];
        var buffer = new BatchBuffer(train, batchSize);
        var shuffle = SeededRandom.Derive(_options.Seed, 1);
        var schedule = _options.CreateSchedule(stepsPerEpoch);
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        int c = _model.Config.NumClasses;
        var best = validation is null ? null : new float[_model.Weights.Values.Length];
        double bestLoss = double.PositiveInfinity;
        BestEpoch = 0;

        for (int epoch = 1; epoch <= _options.Epochs && !cancellation.IsCancellationRequested; epoch++)
        {
            for (int i = 0; i < order.Length; i++) order[i] = i;
            shuffle.Shuffle(order.AsSpan());
            _model.Training = true;
            double lossSum = 0, normSum = 0;
            int seen = 0, correct = 0, stepsTaken = 0, skipped = 0;
            for (int step = 0; step < stepsPerEpoch && !cancellation.IsCancellationRequested; step++)
            {
                int start = step * batchSize, n = Math.Min(batchSize, train.Count - start);
                var batch = buffer.Fill(order.AsSpan(start, n));
                float loss = _model.ComputeGradients(batch);
                double norm = GradientClipper.Clip<float>(_model.Gradients.Values, _options.Clip, _options.ClipThreshold);
                if (!float.IsFinite(loss) || !double.IsFinite(norm))
                {
                    if (_options.OnNonFinite == NonFiniteAction.Stop) throw Diverged(loss, norm, epoch, step + 1);
                    skipped++;
                    continue;
                }
                _optimizer.LearningRate = schedule.RateAt(_optimizer.Steps);
                _optimizer.Step(_model.Weights.Values, _model.Gradients.Values);
                normSum += norm;
                stepsTaken++;

                lossSum += loss * n;
                seen += n;
                var labels = batch.Labels.Span;
                for (int b = 0; b < labels.Length; b++)
                    if (EvaluationResult.ArgMax(_model.Probabilities.Slice(b * c, c)) == labels[b]) correct++;
                StepCompleted?.Invoke(new TrainingProgress(epoch, step + 1, stepsPerEpoch, _optimizer.Steps,
                    lossSum / seen, Accuracy(correct, seen), _optimizer.Steps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), norm));
            }
            _model.Training = false;
            if (seen == 0 && skipped > 0)
                throw new ElmanException($"every step of epoch {epoch} had a non-finite loss or gradient ({skipped} skipped); the weights themselves may be non-finite: try a smaller --lr or --clip");
            if (seen == 0) break;
            var evaluation = validation is null ? null : EvaluationResult.Evaluate(_model, validation);
            bool isBest = evaluation is not null && evaluation.Loss < bestLoss;
            if (isBest)
            {
                bestLoss = evaluation!.Loss;
                BestEpoch = epoch;
                _model.Weights.Values.CopyTo(best!, 0);
            }
            var report = new EpochReport(epoch, lossSum / seen, Accuracy(correct, seen), evaluation, clock.Elapsed, stepsTaken == 0 ? double.NaN : normSum / stepsTaken, isBest, skipped);
            reports.Add(report);
            EpochCompleted?.Invoke(report);
            if (_options.Patience > 0 && BestEpoch > 0 && epoch - BestEpoch >= _options.Patience) break;
        }
        if (BestEpoch > 0) best!.CopyTo(_model.Weights.Values, 0);
        return reports;
    }

    ElmanException Diverged(float loss, double norm, int epoch, int step)
    {
        string tensor = _model.Layout.Tensors.FirstOrDefault(t => !AllFinite(_model.Gradients[t]))?.Name ?? "none";
        string saved = LastGoodCheckpoint is null ? "no checkpoint was written" : $"last good checkpoint: {LastGoodCheckpoint}";
        return new ElmanException($"training diverged at epoch {epoch}, step {step} (step {_optimizer.Steps + 1} overall): loss {loss}, gradient norm {norm}, " +
            $"first non-finite gradient in '{tensor}'; {saved}; try a smaller --lr, --clip, or --on-nonfinite skip");
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    double Accuracy(int correct, int seen) => _model.Config.IsRegression ? double.NaN : (double)correct / seen;
}
