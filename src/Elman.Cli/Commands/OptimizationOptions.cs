using System.CommandLine;
using Elman.Training;

namespace Elman.Cli.Commands;

/// <summary>The <c>train</c> options that say how to optimise: batch, epochs, optimiser, schedule, clipping, early stopping, seed.</summary>
sealed class OptimizationOptions
{
    readonly Option<int> _batch = new("--batch") { Description = "Sequences per training step", DefaultValueFactory = _ => 32 };
    readonly Option<int> _epochs = new("--epochs") { Description = "Passes over the training set; the weights with the lowest validation loss are kept", DefaultValueFactory = _ => 20 };
    readonly Option<double> _lr = new("--lr") { Description = "Learning rate", DefaultValueFactory = _ => 1e-3 };
    readonly Option<string> _optimizer = new("--optimizer") { Description = "Optimiser, with PyTorch's semantics", DefaultValueFactory = _ => "adam" };
    readonly Option<double> _momentum = new("--momentum") { Description = "Momentum μ for sgd and rmsprop", DefaultValueFactory = _ => 0.9 };
    readonly Option<bool> _nesterov = new("--nesterov") { Description = "Nesterov momentum (sgd)" };
    readonly Option<double> _weightDecay = new("--weight-decay") { Description = "Weight decay λ (L2 for sgd/adam/rmsprop, decoupled for adamw)", DefaultValueFactory = _ => 0.0 };
    readonly Option<string> _schedule = new("--schedule") { Description = "Learning-rate schedule: constant, step (× --gamma every --step-size epochs) or cosine (to 0 over the run)", DefaultValueFactory = _ => "constant" };
    readonly Option<int> _stepSize = new("--step-size") { Description = "Epochs between decays of --schedule step", DefaultValueFactory = _ => 10 };
    readonly Option<double> _gamma = new("--gamma") { Description = "Decay factor of --schedule step", DefaultValueFactory = _ => 0.1 };
    readonly Option<long> _warmup = new("--warmup") { Description = "Steps of linear learning-rate warm-up", DefaultValueFactory = _ => 0L };
    readonly Option<double?> _clip = new("--clip") { Description = "Clip gradients at this threshold before each step (see --clip-mode); off by default" };
    readonly Option<string> _clipMode = new("--clip-mode") { Description = "norm: PyTorch's clip_grad_norm_ (scale by min(1, c/(‖g‖+1e-6))); pascanu: rescale to c when ‖g‖ ≥ c; value: clamp each element to [-c, c]", DefaultValueFactory = _ => "norm" };
    readonly Option<string> _onNonFinite = new("--on-nonfinite") { Description = "When a step's loss or gradient is NaN/∞: stop (one-line error naming the step and tensor) or skip the update (counted per epoch)", DefaultValueFactory = _ => "stop" };
    readonly Option<bool?> _errorIfNonfinite = new("--error-if-nonfinite") { Description = "PyTorch's clip_grad_norm_(error_if_nonfinite=…): true stops with an error when the pre-clip gradient norm is NaN/∞ (= --on-nonfinite stop, the default); false carries on past such steps, but without applying them (= --on-nonfinite skip)" };
    readonly Option<int> _patience = new("--patience") { Description = "Stop after this many epochs without a lower validation loss (0 = run all epochs)", DefaultValueFactory = _ => 0 };
    readonly Option<double?> _ema = new("--ema") { Description = "Keep an exponential moving average of the weights with this decay per step, e.g. 0.999 (PyTorch's AveragedModel with get_ema_multi_avg_fn): validation, early stopping and the saved model use the average; off by default (text: the dataset's setting; 0 turns it off)" };
    readonly Option<ulong> _seed = new("--seed") { Description = "Seed for data, initialisation, dropout and shuffling; the same seed and --threads give bit-identical weights", DefaultValueFactory = _ => 0UL };

    public OptimizationOptions()
    {
        _optimizer.AcceptOnlyFromAmong("adam", "adamw", "sgd", "rmsprop");
        _schedule.AcceptOnlyFromAmong("constant", "step", "cosine");
        _clipMode.AcceptOnlyFromAmong("norm", "pascanu", "value");
        _onNonFinite.AcceptOnlyFromAmong("stop", "skip");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _batch, _epochs, _lr, _optimizer, _momentum, _nesterov, _weightDecay, _schedule, _stepSize, _gamma, _warmup, _clip, _clipMode, _onNonFinite, _errorIfNonfinite, _patience, _ema, _seed })
            command.Options.Add(option);
    }

    public ulong Seed(ParseResult parse) => parse.GetValue(_seed);

    // For callers with their own defaults (text datasets): did the user give these?
    public Option<int> EpochsOption => _epochs;
    public Option<int> BatchOption => _batch;
    public Option<double> LearningRateOption => _lr;
    public Option<double?> ClipOption => _clip;
    public Option<int> PatienceOption => _patience;
    public Option<double?> EmaOption => _ema;

    /// <summary>The options as the trainer takes them, validated (one-line errors naming the option).</summary>
    public TrainingOptions Read(ParseResult parse)
    {
        string optimizer = parse.GetValue(_optimizer)!;
        var options = new TrainingOptions
        {
            Epochs = parse.GetValue(_epochs),
            BatchSize = parse.GetValue(_batch),
            LearningRate = parse.GetValue(_lr),
            Optimizer = optimizer switch { "sgd" => OptimizerKind.Sgd, "adamw" => OptimizerKind.AdamW, "rmsprop" => OptimizerKind.RmsProp, _ => OptimizerKind.Adam },
            Momentum = optimizer is "sgd" or "rmsprop" ? parse.GetValue(_momentum) : 0,
            Nesterov = parse.GetValue(_nesterov),
            WeightDecay = parse.GetValue(_weightDecay),
            Schedule = parse.GetValue(_schedule) switch { "step" => ScheduleKind.Step, "cosine" => ScheduleKind.Cosine, _ => ScheduleKind.Constant },
            ScheduleStepSize = parse.GetValue(_stepSize),
            ScheduleGamma = parse.GetValue(_gamma),
            WarmupSteps = parse.GetValue(_warmup),
            Clip = parse.GetValue(_clip) is null ? ClipMode.None : parse.GetValue(_clipMode) switch { "pascanu" => ClipMode.Pascanu, "value" => ClipMode.Value, _ => ClipMode.Norm },
            ClipThreshold = parse.GetValue(_clip) ?? 1.0,
            Patience = parse.GetValue(_patience),
            EmaDecay = parse.GetValue(_ema) ?? 0,
            OnNonFinite = ReadNonFinite(parse),
            Seed = parse.GetValue(_seed),
        };
        options.Validate();
        return options;
    }

    NonFiniteAction ReadNonFinite(ParseResult parse)
    {
        var action = parse.GetValue(_onNonFinite) == "skip" ? NonFiniteAction.Skip : NonFiniteAction.Stop;
        if (parse.GetValue(_errorIfNonfinite) is not bool error) return action;
        var implied = error ? NonFiniteAction.Stop : NonFiniteAction.Skip;
        if (parse.GetResult(_onNonFinite) is { Implicit: false } && implied != action)
            throw new ElmanException($"--error-if-nonfinite {(error ? "true" : "false")} contradicts --on-nonfinite {parse.GetValue(_onNonFinite)}; give one of them");
        return implied;
    }
}
