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
public sealed record EpochReport(int Epoch, double TrainLoss, double TrainAccuracy, EvaluationResult? Validation, TimeSpan Elapsed, double MeanGradientNorm, bool IsBest);

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

    /// <summary>The optimiser, for inspection (steps taken, state).</summary>
    public Optimizer<float> Optimizer => _optimizer;

    /// <summary>Which sequences share a batch each epoch; <see cref="ShuffledBatchOrder"/> unless set (e.g. to <see cref="LengthBucketedBatchOrder"/>).</summary>
    public IBatchOrder BatchOrder { get; set; } = new ShuffledBatchOrder();

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
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        int c = _model.Config.NumClasses;
        var best = validation is null ? null : new float[_model.Weights.Values.Length];
        double bestLoss = double.PositiveInfinity;
        BestEpoch = 0;

        for (int epoch = 1; epoch <= _options.Epochs && !cancellation.IsCancellationRequested; epoch++)
        {
            BatchOrder.Arrange(train, order, batchSize, shuffle);
            double lossSum = 0, normSum = 0;
            int seen = 0, correct = 0, stepsTaken = 0;
            for (int step = 0; step < stepsPerEpoch && !cancellation.IsCancellationRequested; step++)
            {
                int start = step * batchSize, n = Math.Min(batchSize, train.Count - start);
                var batch = buffer.Fill(order.AsSpan(start, n));
                float loss = _model.ComputeGradients(batch);
                if (!float.IsFinite(loss))
                    throw new ElmanException($"training diverged: the loss is {loss} at epoch {epoch}, step {step + 1}; try a smaller --lr or --clip");
                double norm = GradientClipper.Clip<float>(_model.Gradients.Values, _options.Clip, _options.ClipThreshold);
                if (!double.IsFinite(norm))
                    throw new ElmanException($"training diverged: the gradient norm is {norm} at epoch {epoch}, step {step + 1}; try a smaller --lr or --clip");
                _optimizer.Step(_model.Weights.Values, _model.Gradients.Values);
                normSum += norm;
                stepsTaken++;

                lossSum += loss * n;
                seen += n;
                var labels = batch.Labels.Span;
                for (int b = 0; b < n; b++)
                    if (EvaluationResult.ArgMax(_model.Probabilities.Slice(b * c, c)) == labels[b]) correct++;
                StepCompleted?.Invoke(new TrainingProgress(epoch, step + 1, stepsPerEpoch, _optimizer.Steps,
                    lossSum / seen, (double)correct / seen, _optimizer.Steps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), norm));
            }
            if (seen == 0) break;
            var evaluation = validation is null ? null : EvaluationResult.Evaluate(_model, validation);
            bool isBest = evaluation is not null && evaluation.Loss < bestLoss;
            if (isBest)
            {
                bestLoss = evaluation!.Loss;
                BestEpoch = epoch;
                _model.Weights.Values.CopyTo(best!, 0);
            }
            var report = new EpochReport(epoch, lossSum / seen, (double)correct / seen, evaluation, clock.Elapsed, normSum / stepsTaken, isBest);
            reports.Add(report);
            EpochCompleted?.Invoke(report);
            if (_options.Patience > 0 && BestEpoch > 0 && epoch - BestEpoch >= _options.Patience) break;
        }
        if (BestEpoch > 0) best!.CopyTo(_model.Weights.Values, 0);
        return reports;
    }
}
