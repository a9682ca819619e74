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
/// <param name="StepsPerSecond">Steps per second in this session.</param>
/// <param name="GradientNorm">‖∇ℓ‖₂ over all parameters at this step, before clipping.</param>
public readonly record struct TrainingProgress(int Epoch, int Step, int StepsPerEpoch, long TotalSteps, double Loss, double Accuracy, double StepsPerSecond, double GradientNorm);

/// <summary>The outcome of one epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch.</param>
/// <param name="Validation">Validation metrics, when a validation set was given.</param>
/// <param name="Elapsed">Training time since the run began (across resumptions).</param>
/// <param name="MeanGradientNorm">Mean over the epoch's steps of ‖∇ℓ‖₂ before clipping.</param>
/// <param name="IsBest">Whether this epoch has the best validation metric so far (<see cref="TrainingOptions.SelectBy"/>; its weights are kept).</param>
/// <param name="SkippedSteps">Steps whose update was skipped because the loss or gradient was not finite.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double TrainAccuracy, EvaluationResult? Validation, TimeSpan Elapsed, double MeanGradientNorm, bool IsBest, int SkippedSteps = 0);

/// <summary>
/// Mini-batch training of an <see cref="RnnClassifier{T}"/>: shuffle by seed, forward, exact BPTT,
/// optional clipping, optimiser step. With a validation set it keeps the weights of the epoch with
/// the best validation metric (<see cref="TrainingOptions.SelectBy"/>: the lowest loss unless told otherwise),
/// restores them at the end, and stops early after <see cref="TrainingOptions.Patience"/> epochs without improvement.
/// With class weights (<see cref="TrainingOptions.ClassWeight"/>, <see cref="TrainingOptions.ClassWeights"/>) the
/// model is trained and validated on the weighted cross-entropy while <c>Fit</c> runs. With <see cref="TrainingOptions.EmaDecay"/>
/// all of that applies to a moving average of the weights instead of the last iterate. Its whole position can be
/// captured between any two steps (<see cref="CaptureState"/>) and restored (<see cref="Restore"/>):
/// a resumed run ends with weights bit-identical to an uninterrupted one. Nothing here allocates per
/// step once the first batch has been seen.
/// </summary>
public sealed class Trainer
{
    readonly RnnClassifier<float> _model;
    readonly TrainingOptions _options;
    readonly Optimizer<float> _optimizer;
    readonly List<EpochReport> _reports = [];
    readonly SeededRandom _shuffle;

    // The next step to run is step _step (0-based) of epoch _epoch (1-based); _step = 0 means the epoch's order is not drawn yet.
    int _epoch = 1, _step;
    int[] _order = [];
    EpochTally _tally;
    float[]? _best;
    WeightAverage? _average;
    float[]? _live;
    double _bestLoss = double.PositiveInfinity;
    double _bestValue;
    float[]? _classWeights;
    bool _stopRequested;
    TimeSpan _elapsedBefore;

    /// <summary>A trainer for <paramref name="model"/>; the optimiser is built from <paramref name="options"/>.</summary>
    public Trainer(RnnClassifier<float> model, TrainingOptions options)
    {
        options.Validate();
        _model = model;
        _options = options;
        _optimizer = options.CreateOptimizer(model.Layout.TotalLength);
        _shuffle = SeededRandom.Derive(options.Seed, 1);
        _bestValue = options.SelectBy.Worst();
        if (model.Config.IsRegression && options.SelectBy != ValidationMetric.Loss)
            throw new SettingException(nameof(TrainingOptions.SelectBy), $"SelectBy is {options.SelectBy}, but a regression head has no accuracy or F1: select by Loss");
        if (model.Config.IsRegression && (options.ClassWeight != ClassWeighting.None || options.ClassWeights is not null))
            throw new SettingException(options.ClassWeights is null ? nameof(TrainingOptions.ClassWeight) : nameof(TrainingOptions.ClassWeights),
                $"{(options.ClassWeights is null ? "ClassWeight" : "ClassWeights")} weighs classes, but a regression head has none: the loss is the mean squared error");
        if (options.ClassWeights is { } weights)
        {
            if (weights.Count != model.Config.NumClasses)
                throw new SettingException(nameof(TrainingOptions.ClassWeights), $"ClassWeights has {weights.Count} weights, expected one per class ({model.Config.NumClasses})");
            _classWeights = weights.Select(w => (float)w).ToArray();
        }
    }

    /// <summary>
    /// The weights w_c of the cross-entropy this trainer trains and validates with: <see cref="TrainingOptions.ClassWeights"/>,
    /// or the balanced weights of the first training data <c>Fit</c> saw (or the restored state's); null for none.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights => _classWeights;

    /// <summary>The epoch whose weights the model holds after <c>Fit</c> with validation (0 before any).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Where this trainer's time went in this process (not kept in checkpoints).</summary>
    public TrainingTimes Times => new(Stopwatch.GetElapsedTime(0, _batchTicks), Stopwatch.GetElapsedTime(0, _gradientTicks),
        Stopwatch.GetElapsedTime(0, _updateTicks), Stopwatch.GetElapsedTime(0, _validationTicks));

    long _batchTicks, _gradientTicks, _updateTicks, _validationTicks;

    /// <summary>Ends training at the end of the current epoch, as if it were the last (e.g. an experiment reached its goal or budget).</summary>
    public void StopAfterThisEpoch() => _stopRequested = true;

    /// <summary>Whether training has run all its epochs or stopped early; false after an interruption.</summary>
    public bool Finished { get; private set; }

    /// <summary>Every completed epoch, across resumptions.</summary>
    public IReadOnlyList<EpochReport> Reports => _reports;

    /// <summary>Where the last complete checkpoint of this run was written, for messages; null when none was.</summary>
    public string? LastGoodCheckpoint { get; set; }

    /// <summary>The optimiser, for inspection (steps taken, state).</summary>
    public Optimizer<float> Optimizer => _optimizer;

    /// <summary>Which sequences share a batch each epoch; <see cref="ShuffledBatchOrder"/> unless set (e.g. to <see cref="LengthBucketedBatchOrder"/>).</summary>
    public IBatchOrder BatchOrder { get; set; } = new ShuffledBatchOrder();

    /// <summary>Called after every step.</summary>
    public Action<TrainingProgress>? StepCompleted { get; set; }

    /// <summary>Called after every epoch, with validation metrics when a validation set is given.</summary>
    public Action<EpochReport>? EpochCompleted { get; set; }

    /// <summary>Checkpoint every this many steps (0 = never); <see cref="CheckpointDue"/> receives the state.</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>Checkpoint at the end of every this many epochs (0 = never).</summary>
    public int CheckpointEveryEpochs { get; set; }

    /// <summary>Receives the state whenever a checkpoint is due; the caller writes it.</summary>
    public Action<TrainingState>? CheckpointDue { get; set; }

    /// <summary>Extra metadata every captured state carries (how to rebuild the data, the command line, …).</summary>
    public IReadOnlyDictionary<string, string> StateMetadata { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Trains until <see cref="TrainingOptions.Epochs"/> epochs are done or early stopping ends it; stops
    /// between steps when <paramref name="cancellation"/> fires, keeping its position for
    /// <see cref="CaptureState"/>. With <paramref name="validation"/>, a finished run leaves the model
    /// holding the weights of <see cref="BestEpoch"/>. Returns the epochs completed in this call.
    /// </summary>
    /// <exception cref="ElmanException">The data do not fit the model or the restored state, or a step was not finite (with <see cref="NonFiniteAction.Stop"/>).</exception>
    public IReadOnlyList<EpochReport> Fit(SequenceDataset train, SequenceDataset? validation = null, CancellationToken cancellation = default)
        => Fit(_ => train, validation, cancellation);

    /// <summary>
    /// As <c>Fit(train, validation, cancellation)</c>, with the training data
    /// of every epoch from <paramref name="dataForEpoch"/> (1-based epoch → dataset, all of one size): fresh
    /// sequences each epoch, as in the long-range experiments. It must return the same data for the same
    /// epoch, so a resumed run sees what the interrupted one saw.
    /// </summary>
    public IReadOnlyList<EpochReport> Fit(Func<int, SequenceDataset> dataForEpoch, SequenceDataset? validation = null, CancellationToken cancellation = default)
    {
        var train = dataForEpoch(_epoch);
        if (train.Count == 0) throw new ElmanException("the training set is empty");
        if (_options.ClassWeight == ClassWeighting.Balanced && _classWeights is null)
            _classWeights = BalancedClassWeights.From(train.Labels, _model.Config.NumClasses).Select(w => (float)w).ToArray();
        // The weighted criterion holds while Fit runs: training steps and validation use it, other evaluations do not.
        var criterion = _model.ClassWeights;
        _model.ClassWeights = _classWeights;
        try
        {
            return FitEpochs(train, dataForEpoch, validation, cancellation);
        }
        finally
        {
            _model.ClassWeights = criterion;
        }
    }

    IReadOnlyList<EpochReport> FitEpochs(SequenceDataset train, Func<int, SequenceDataset> dataForEpoch, SequenceDataset? validation, CancellationToken cancellation)
    {
        if (_order.Length == 0) _order = new int[train.Count];
        else if (_order.Length != train.Count)
            throw new ElmanException($"the training set has {train.Count} sequences but the resumed run was trained on {_order.Length}: the data changed");
        if (validation is not null && _best is null) _best = new float[_model.Weights.Values.Length];
        if (_options.EmaDecay > 0 && _average is null) _average = new WeightAverage(_model.Weights.Values, _options.EmaDecay);

        int batchSize = Math.Min(_options.BatchSize, train.Count);
        int stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        var buffer = new BatchBuffer(train, batchSize);
        int dataEpoch = _epoch;
        var schedule = _options.CreateSchedule(stepsPerEpoch);
        var clock = Stopwatch.StartNew();
        long stepsAtStart = _optimizer.Steps + _tally.Skipped;
        int firstReport = _reports.Count;
        int c = _model.Config.NumClasses;

        while (!Finished && !cancellation.IsCancellationRequested)
        {
            if (_epoch != dataEpoch)
            {
                train = dataForEpoch(_epoch);
                if (train.Count != _order.Length) throw new ElmanException($"epoch {_epoch}'s data has {train.Count} sequences, expected {_order.Length}");
                buffer = new BatchBuffer(train, batchSize);
                dataEpoch = _epoch;
            }
            if (_step == 0)
            {
                BatchOrder.Arrange(train, _order, batchSize, _shuffle);
                _tally = default;
            }
            _model.Training = true;
            while (_step < stepsPerEpoch && !cancellation.IsCancellationRequested)
            {
                int start = _step * batchSize, n = Math.Min(batchSize, train.Count - start);
                long t0 = Stopwatch.GetTimestamp();
                var batch = buffer.Fill(_order.AsSpan(start, n));
                long t1 = Stopwatch.GetTimestamp();
                float loss = _model.ComputeGradients(batch);
                long t2 = Stopwatch.GetTimestamp();
                double norm = GradientClipper.Clip<float>(_model.Gradients.Values, _options.Clip, _options.ClipThreshold);
                _batchTicks += t1 - t0;
                _gradientTicks += t2 - t1;
                _step++;
                if (!float.IsFinite(loss) || !double.IsFinite(norm))
                {
                    if (_options.OnNonFinite == NonFiniteAction.Stop) throw Diverged(loss, norm, _epoch, _step);
                    _tally = _tally with { Skipped = _tally.Skipped + 1 };
                }
                else
                {
                    _optimizer.LearningRate = schedule.RateAt(_optimizer.Steps);
                    _optimizer.Step(_model.Weights.Values, _model.Gradients.Values);
                    _average?.Update(_model.Weights.Values);
                    _updateTicks += Stopwatch.GetTimestamp() - t2;
                    int correct = 0;
                    var labels = batch.Labels.Span;
                    for (int b = 0; b < labels.Length; b++)
                        if (ArgMax.Index(_model.Probabilities.Slice(b * c, c)) == labels[b]) correct++;
                    _tally = new EpochTally(_tally.LossSum + loss * n, _tally.NormSum + norm, _tally.Seen + n, _tally.Correct + correct, _tally.StepsTaken + 1, _tally.Skipped);
                    long sessionSteps = _optimizer.Steps + _tally.Skipped - stepsAtStart;
                    StepCompleted?.Invoke(new TrainingProgress(_epoch, _step, stepsPerEpoch, _optimizer.Steps,
                        _tally.LossSum / _tally.Seen, Accuracy(_tally.Correct, _tally.Seen), sessionSteps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), norm));
                }
                if (CheckpointEverySteps > 0 && _optimizer.Steps % CheckpointEverySteps == 0 && _step < stepsPerEpoch)
                    CheckpointDue?.Invoke(Capture(clock.Elapsed));
            }
            _model.Training = false;
            if (_step < stepsPerEpoch) break;   // interrupted mid-epoch: the position stays for CaptureState
            EndEpoch(validation, clock.Elapsed);
            if (CheckpointEveryEpochs > 0 && ((_epoch - 1) % CheckpointEveryEpochs == 0 || Finished) || CheckpointEverySteps > 0)
                CheckpointDue?.Invoke(Capture(clock.Elapsed));
        }
        _elapsedBefore += clock.Elapsed;
        clock.Reset();
        if (Finished && BestEpoch > 0) _best!.CopyTo(_model.Weights.Values, 0);
        else if (Finished && _average is not null) _average.Values.CopyTo(_model.Weights.Values, 0);
        return _reports.Skip(firstReport).ToList();
    }

    void EndEpoch(SequenceDataset? validation, TimeSpan sessionElapsed)
    {
        if (_tally.Seen == 0)
            throw new ElmanException($"every step of epoch {_epoch} had a non-finite loss or gradient ({_tally.Skipped} skipped); the weights themselves may be non-finite: try a smaller learning rate or gradient clipping");
        EvaluationResult? evaluation = null;
        if (validation is not null)
        {
            long v0 = Stopwatch.GetTimestamp();
            evaluation = EvaluateKept(validation);
            _validationTicks += Stopwatch.GetTimestamp() - v0;
        }
        bool isBest = evaluation is not null && _options.SelectBy.Improves(_options.SelectBy.ValueOf(evaluation), _bestValue);
        if (isBest)
        {
            _bestValue = _options.SelectBy.ValueOf(evaluation!);
            _bestLoss = evaluation!.Loss;
            BestEpoch = _epoch;
            (_average?.Values ?? _model.Weights.Values).CopyTo(_best!, 0);
        }
        var report = new EpochReport(_epoch, _tally.LossSum / _tally.Seen, Accuracy(_tally.Correct, _tally.Seen), evaluation,
            _elapsedBefore + sessionElapsed, _tally.StepsTaken == 0 ? double.NaN : _tally.NormSum / _tally.StepsTaken, isBest, _tally.Skipped);
        _reports.Add(report);
        EpochCompleted?.Invoke(report);
        bool patienceOut = _options.Patience > 0 && BestEpoch > 0 && _epoch - BestEpoch >= _options.Patience;
        _epoch++;
        _step = 0;
        _tally = default;
        Finished = _epoch > _options.Epochs || patienceOut || _stopRequested;
    }

    // Validation measures the weights training would keep: the average's when there is one.
    EvaluationResult EvaluateKept(SequenceDataset validation)
    {
        if (_average is null) return EvaluationResult.Evaluate(_model, validation);
        var weights = _model.Weights.Values;
        _live ??= new float[weights.Length];
        weights.CopyTo(_live, 0);
        _average.Values.CopyTo(weights, 0);
        try
        {
            return EvaluationResult.Evaluate(_model, validation);
        }
        finally
        {
            _live.CopyTo(weights, 0);
        }
    }

    /// <summary>The trainer's whole position between two steps, for a checkpoint.</summary>
    public TrainingState CaptureState() => Capture(TimeSpan.Zero);

    TrainingState Capture(TimeSpan sessionElapsed) => new()
    {
        Config = _model.Config,
        Weights = (float[])_model.Weights.Values.Clone(),
        OptimizerSteps = _optimizer.Steps,
        OptimizerState = _optimizer.State.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone()),
        Epoch = _epoch,
        Step = _step,
        Order = (int[])_order.Clone(),
        ShuffleRandom = _shuffle.GetState(),
        DropoutRandom = _model.DropoutRandom.GetState(),
        Tally = _tally,
        BestWeights = BestEpoch > 0 ? (float[])_best!.Clone() : null,
        AverageWeights = (float[]?)_average?.Values.Clone(),
        BestLoss = _bestLoss,
        SelectBy = _options.SelectBy,
        BestValue = BestEpoch > 0 ? _bestValue : null,
        ClassWeights = (float[]?)_classWeights?.Clone(),
        BestEpoch = BestEpoch,
        Reports = _reports.ToList(),
        Elapsed = _elapsedBefore + sessionElapsed,
        Finished = Finished,
        Metadata = StateMetadata,
    };

    /// <summary>Continues from <paramref name="state"/>: weights, optimiser, generators, position and history. Call before <c>Fit</c>.</summary>
    /// <exception cref="ElmanException">The state belongs to a model of another shape.</exception>
    public void Restore(TrainingState state)
    {
        if (state.Config != _model.Config)
            throw new ElmanException($"the checkpoint is for a model {state.Config.ToJson()}, not {_model.Config.ToJson()}");
        if ((state.AverageWeights is null) != (_options.EmaDecay == 0))
            throw new ElmanException(state.AverageWeights is null ? "the checkpoint was trained without a weight average (EmaDecay), this run asks for one" : "the checkpoint was trained with a weight average (EmaDecay), this run does not ask for one");
        if (state.SelectBy != _options.SelectBy)
            throw new ElmanException($"the checkpoint selects epochs by validation {state.SelectBy.Describe()} (SelectBy), this run by {_options.SelectBy.Describe()}");
        RestoreClassWeights(state.ClassWeights);
        state.Weights.CopyTo(_model.Weights.Values, 0);
        _average = state.AverageWeights is null ? null : new WeightAverage(state.AverageWeights, _options.EmaDecay);
        _optimizer.LoadState(state.OptimizerSteps, state.OptimizerState);
        _model.DropoutRandom.SetState(state.DropoutRandom);
        _shuffle.SetState(state.ShuffleRandom);
        _epoch = state.Epoch;
        _step = state.Step;
        _order = (int[])state.Order.Clone();
        _tally = state.Tally;
        _best = state.BestWeights is null ? null : (float[])state.BestWeights.Clone();
        _bestLoss = state.BestLoss;
        _bestValue = state.BestValue ?? _options.SelectBy.Worst();
        BestEpoch = state.BestEpoch;
        _reports.Clear();
        _reports.AddRange(state.Reports);
        _elapsedBefore = state.Elapsed;
        Finished = state.Finished;
    }

    // A balanced run continues with the weights it computed; explicit ones must be the checkpoint's.
    void RestoreClassWeights(float[]? stored)
    {
        bool wanted = _options.ClassWeight != ClassWeighting.None || _options.ClassWeights is not null;
        if (stored is null && !wanted) return;
        if (stored is null) throw new ElmanException("the checkpoint was trained without class weights (ClassWeight), this run asks for them");
        if (!wanted) throw new ElmanException("the checkpoint was trained with class weights (ClassWeight), this run does not ask for them");
        if (stored.Length != _model.Config.NumClasses)
            throw new ElmanException($"the checkpoint has {stored.Length} class weights for a model of {_model.Config.NumClasses} classes");
        if (_classWeights is not null && !_classWeights.AsSpan().SequenceEqual(stored))
            throw new ElmanException($"the checkpoint was trained with class weights [{List(stored)}], this run asks for [{List(_classWeights)}]");
        _classWeights = (float[])stored.Clone();
    }

    static string List(float[] weights) => string.Join(", ", weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    ElmanException Diverged(float loss, double norm, int epoch, int step)
    {
        string? tensor = _model.Layout.Tensors.FirstOrDefault(t => !AllFinite(_model.Gradients[t]))?.Name;
        string where = tensor is null ? "no gradient element is NaN or ∞ (the loss or the norm overflowed)" : $"first non-finite gradient in '{tensor}'";
        string saved = LastGoodCheckpoint is null ? "no checkpoint was written" : $"last good checkpoint: {LastGoodCheckpoint}";
        return new ElmanException($"training diverged at epoch {epoch}, step {step} (step {_optimizer.Steps + _tally.Skipped + 1} overall): loss {loss}, gradient norm {norm}, " +
            $"{where}; {saved}; try a smaller learning rate, gradient clipping, or skipping non-finite steps (OnNonFinite = Skip)");
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    double Accuracy(int correct, int seen) => _model.Config.IsRegression ? double.NaN : (double)correct / seen;
}
