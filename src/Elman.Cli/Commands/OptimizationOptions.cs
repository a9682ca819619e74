using System.CommandLine;
using Elman.Runs;
using Elman.Training;

namespace Elman.Cli.Commands;

/// <summary>The <c>train</c> options that say how to optimise (<see cref="TrainingOptions"/>); unset ones keep the data's defaults.</summary>
sealed class OptimizationOptions
{
    readonly Option<int?> _batch = new("--batch-size", "--batch") { Description = "Sequences per training step (BatchSize; default 32)" };
    readonly Option<int?> _epochs = new("--epochs") { Description = "Passes over the training set; the weights of the best validation epoch (--select-by) are kept (Epochs; default 20)" };
    readonly Option<double?> _lr = new("--learning-rate", "--lr") { Description = "Learning rate (LearningRate; default 0.001)" };
    readonly Option<string?> _optimizer = new("--optimizer") { Description = "Optimiser, with PyTorch's semantics: adam, adamw, sgd or rmsprop (default adam)" };
    readonly Option<double?> _momentum = new("--momentum") { Description = $"Momentum μ for sgd and rmsprop (default {RunDefaults.Momentum})" };
    readonly Option<bool?> _nesterov = new("--nesterov") { Description = "Nesterov momentum (sgd)" };
    readonly Option<double?> _weightDecay = new("--weight-decay") { Description = "Weight decay λ (L2 for sgd/adam/rmsprop, decoupled for adamw; default 0)" };
    readonly Option<string?> _schedule = new("--schedule") { Description = "Learning-rate schedule: constant, step (× --gamma every --step-size epochs) or cosine (to 0 over the run); default constant" };
    readonly Option<int?> _stepSize = new("--step-size") { Description = "Epochs between decays of --schedule step (ScheduleStepSize; default 10)" };
    readonly Option<double?> _gamma = new("--gamma") { Description = "Decay factor of --schedule step (ScheduleGamma; default 0.1)" };
    readonly Option<long?> _warmup = new("--warmup") { Description = "Steps of linear learning-rate warm-up (WarmupSteps; default 0)" };
    readonly Option<double?> _clip = new("--clip") { Description = "Clip gradients at this threshold before each step (see --clip-mode); inf measures the norm but never clips (PyTorch's max_norm=inf); off by default (text: the dataset's)", CustomParser = ParseThreshold };
    readonly Option<string?> _clipMode = new("--clip-mode") { Description = "norm: PyTorch's clip_grad_norm_ (scale by min(1, c/(‖g‖+1e-6))); pascanu: rescale to c when ‖g‖ ≥ c; value: clamp each element to [-c, c] (default norm)" };
    readonly Option<string?> _onNonFinite = new("--on-nonfinite") { Description = "When a step's loss or gradient is NaN/∞: stop (one-line error naming the step and tensor) or skip the update (counted per epoch); default stop" };
    readonly Option<bool?> _errorIfNonfinite = new("--error-if-nonfinite") { Description = "PyTorch's clip_grad_norm_(error_if_nonfinite=…): true stops with an error when the pre-clip gradient norm is NaN/∞ (= --on-nonfinite stop, the default); false carries on past such steps, but without applying them (= --on-nonfinite skip)" };
    readonly Option<int?> _patience = new("--patience") { Description = "Stop after this many epochs without a better validation metric (--select-by; 0 = run all epochs; default 0, text: the dataset's)" };
    readonly Option<string?> _selectBy = new("--select-by") { Description = "Which validation number picks the kept epoch and drives --patience: loss (lowest, the default; text: the dataset's), accuracy or macro-f1 (highest; classification only)" };
    readonly Option<string?> _classWeight = new("--class-weight") { Description = "balanced: weigh the cross-entropy by w_c = N / (C·n_c) from the training split's class counts (scikit-learn's class_weight='balanced', PyTorch's CrossEntropyLoss(weight=w)); none (default): the plain mean" };
    readonly Option<double?> _ema = new("--ema-decay", "--ema") { Description = "Keep an exponential moving average of the weights with this decay per step, e.g. 0.999 (PyTorch's AveragedModel with get_ema_multi_avg_fn): validation, early stopping and the saved model use the average; off by default (text: the dataset's setting; 0 turns it off)" };
    readonly Option<ulong?> _seed = new("--seed") { Description = "Seed for data, initialisation, dropout and shuffling; the same seed and --threads give bit-identical weights (default 0)" };

    public OptimizationOptions()
    {
        _optimizer.AcceptOnlyFromAmong("adam", "adamw", "sgd", "rmsprop");
        _schedule.AcceptOnlyFromAmong("constant", "step", "cosine");
        _clipMode.AcceptOnlyFromAmong("norm", "pascanu", "value");
        _onNonFinite.AcceptOnlyFromAmong("stop", "skip");
        _selectBy.AcceptOnlyFromAmong(ValidationMetrics.Keys);
        _classWeight.AcceptOnlyFromAmong("balanced", "none");
    }

    public IEnumerable<Option> All => [_batch, _epochs, _lr, _optimizer, _momentum, _nesterov, _weightDecay, _schedule, _stepSize, _gamma, _warmup, _clip, _clipMode, _onNonFinite, _errorIfNonfinite, _patience, _selectBy, _classWeight, _ema, _seed];

    public ulong? Seed(ParseResult parse) => parse.GetValue(_seed);

    /// <summary><paramref name="defaults"/> with every option the user gave.</summary>
    public TrainingOptions Apply(ParseResult parse, TrainingOptions defaults)
    {
        var optimizer = parse.GetValue(_optimizer) switch
        {
            null => defaults.Optimizer,
            "sgd" => OptimizerKind.Sgd,
            "adamw" => OptimizerKind.AdamW,
            "rmsprop" => OptimizerKind.RmsProp,
            _ => OptimizerKind.Adam,
        };
        bool takesMomentum = optimizer is OptimizerKind.Sgd or OptimizerKind.RmsProp;
        var clipMode = parse.GetValue(_clipMode) switch { "pascanu" => ClipMode.Pascanu, "value" => ClipMode.Value, "norm" => ClipMode.Norm, _ => (ClipMode?)null };
        return defaults with
        {
            Epochs = parse.GetValue(_epochs) ?? defaults.Epochs,
            BatchSize = parse.GetValue(_batch) ?? defaults.BatchSize,
            LearningRate = parse.GetValue(_lr) ?? defaults.LearningRate,
            Optimizer = optimizer,
            Momentum = takesMomentum ? parse.GetValue(_momentum) ?? RunDefaults.Momentum : 0,
            Nesterov = parse.GetValue(_nesterov) ?? defaults.Nesterov,
            WeightDecay = parse.GetValue(_weightDecay) ?? defaults.WeightDecay,
            Schedule = parse.GetValue(_schedule) switch { null => defaults.Schedule, "step" => ScheduleKind.Step, "cosine" => ScheduleKind.Cosine, _ => ScheduleKind.Constant },
            ScheduleStepSize = parse.GetValue(_stepSize) ?? defaults.ScheduleStepSize,
            ScheduleGamma = parse.GetValue(_gamma) ?? defaults.ScheduleGamma,
            WarmupSteps = parse.GetValue(_warmup) ?? defaults.WarmupSteps,
            Clip = parse.GetValue(_clip) is null ? defaults.Clip : clipMode ?? ClipMode.Norm,
            ClipThreshold = parse.GetValue(_clip) ?? defaults.ClipThreshold,
            Patience = parse.GetValue(_patience) ?? defaults.Patience,
            SelectBy = parse.GetValue(_selectBy) is { } metric ? ValidationMetrics.FromKey(metric) : defaults.SelectBy,
            ClassWeight = parse.GetValue(_classWeight) switch { null => defaults.ClassWeight, "balanced" => ClassWeighting.Balanced, _ => ClassWeighting.None },
            EmaDecay = parse.GetValue(_ema) ?? defaults.EmaDecay,
            OnNonFinite = ReadNonFinite(parse) ?? defaults.OnNonFinite,
        };
    }

    // A number, or inf / infinity / ∞: a threshold that is never reached, as PyTorch's clip_grad_norm_(max_norm=inf).
    static double? ParseThreshold(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (text.ToLowerInvariant() is "inf" or "+inf" or "infinity" or "∞") return double.PositiveInfinity;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)) return value;
        result.AddError($"--clip: '{text}' is not a number or inf");
        return null;
    }

    NonFiniteAction? ReadNonFinite(ParseResult parse)
    {
        NonFiniteAction? action = parse.GetValue(_onNonFinite) switch { "skip" => NonFiniteAction.Skip, "stop" => NonFiniteAction.Stop, _ => null };
        if (parse.GetValue(_errorIfNonfinite) is not bool error) return action;
        var implied = error ? NonFiniteAction.Stop : NonFiniteAction.Skip;
        if (action is { } given && implied != given)
            throw new ElmanException($"--error-if-nonfinite {(error ? "true" : "false")} contradicts --on-nonfinite {parse.GetValue(_onNonFinite)}; give one of them");
        return implied;
    }
}
