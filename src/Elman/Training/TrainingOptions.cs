namespace Elman.Training;

/// <summary>What training does when a step's loss or gradient is NaN or infinite.</summary>
public enum NonFiniteAction
{
    /// <summary>Stop with a one-line error naming the step and the first parameter tensor with a non-finite gradient.</summary>
    Stop,
    /// <summary>Skip the update and count the step as skipped in the epoch report.</summary>
    Skip,
}

/// <summary>How <see cref="Trainer"/> fits a model.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>The step size.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Momentum μ for SGD and RMSprop (0 = none).</summary>
    public double Momentum { get; init; }
    /// <summary>Nesterov momentum for SGD.</summary>
    public bool Nesterov { get; init; }
    /// <summary>The learning-rate schedule's shape.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;
    /// <summary>Epochs between decays of <see cref="ScheduleKind.Step"/>.</summary>
    public int ScheduleStepSize { get; init; } = 10;
    /// <summary>Decay factor of <see cref="ScheduleKind.Step"/>.</summary>
    public double ScheduleGamma { get; init; } = 0.1;
    /// <summary>Steps of linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Weight decay λ (L2 for SGD/Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Gradient clipping before each step.</summary>
    public ClipMode Clip { get; init; } = ClipMode.None;
    /// <summary>max_norm for <see cref="ClipMode.Norm"/> and <see cref="ClipMode.Pascanu"/>, the bound for <see cref="ClipMode.Value"/>.</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>What to do with a step whose loss or gradient is not finite.</summary>
    public NonFiniteAction OnNonFinite { get; init; } = NonFiniteAction.Stop;
    /// <summary>Stop when the validation metric (<see cref="SelectBy"/>) has not improved for this many epochs (0 = never stop early).</summary>
    public int Patience { get; init; }
    /// <summary>
    /// Which validation number picks the epoch whose weights are kept and drives <see cref="Patience"/>: the lowest loss
    /// (the default), or the highest accuracy or macro-F1 (classification heads only). Ties keep the earlier epoch.
    /// </summary>
    public ValidationMetric SelectBy { get; init; } = ValidationMetric.Loss;
    /// <summary>
    /// Per-class weights of the cross-entropy: <see cref="ClassWeighting.Balanced"/> computes scikit-learn's w_c = N / (C · n_c)
    /// from the training data's labels when training begins (<see cref="BalancedClassWeights"/>). Classification heads only.
    /// </summary>
    public ClassWeighting ClassWeight { get; init; } = ClassWeighting.None;
    /// <summary>
    /// Explicit per-class weights w_c of the cross-entropy, PyTorch's <c>CrossEntropyLoss(weight=w)</c> (one finite
    /// w_c ≥ 0 per class, not all 0); null = none. The loss of a batch is Σ_b w_{y_b} ℓ_b / Σ_b w_{y_b}. Not together with
    /// <see cref="ClassWeight"/> = <see cref="ClassWeighting.Balanced"/>.
    /// </summary>
    public IReadOnlyList<double>? ClassWeights { get; init; }
    /// <summary>
    /// Decay of an exponential moving average of the weights (0 = none): with it, validation, early
    /// stopping and the weights training ends with are the average's (<see cref="WeightAverage"/>).
    /// </summary>
    public double EmaDecay { get; init; }
    /// <summary>Seeds the shuffling of every epoch; the same seed and thread count give bit-identical weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="SettingException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        SettingException.Require(Epochs >= 1, nameof(Epochs), Epochs, "≥ 1");
        SettingException.Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "≥ 1");
        SettingException.Require(LearningRate > 0 && !double.IsInfinity(LearningRate), nameof(LearningRate), LearningRate, "a positive number");
        SettingException.Require(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "0 ≤ μ < 1");
        SettingException.Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "a finite number ≥ 0");
        SettingException.Require(Clip == ClipMode.None || ClipThreshold > 0, nameof(ClipThreshold), ClipThreshold, "a positive threshold");
        if (Nesterov && (Optimizer != OptimizerKind.Sgd || Momentum <= 0))
            throw new SettingException(nameof(Nesterov), "Nesterov needs the Sgd optimizer with a Momentum > 0");
        SettingException.Require(ScheduleStepSize >= 1, nameof(ScheduleStepSize), ScheduleStepSize, "≥ 1");
        SettingException.Require(ScheduleGamma is > 0 and <= 1, nameof(ScheduleGamma), ScheduleGamma, "0 < γ ≤ 1");
        SettingException.Require(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "≥ 0");
        SettingException.Require(Patience >= 0, nameof(Patience), Patience, "≥ 0");
        if (ClassWeights is { } weights)
        {
            if (ClassWeight != ClassWeighting.None)
                throw new SettingException(nameof(ClassWeights), $"ClassWeights are given and ClassWeight is {ClassWeight}; give one of them");
            if (weights.Count == 0 || weights.Any(w => !double.IsFinite(w) || w < 0 || (float)w > float.MaxValue) || weights.All(w => (float)w == 0))
                throw new SettingException(nameof(ClassWeights), $"ClassWeights are [{string.Join(", ", weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)))}], expected one finite weight ≥ 0 per class, not all 0");
        }
        if (EmaDecay != 0) WeightAverage.Validate(EmaDecay);
    }

    /// <summary>The schedule for a run of <paramref name="stepsPerEpoch"/> × <see cref="Epochs"/> steps.</summary>
    public LearningRateSchedule CreateSchedule(int stepsPerEpoch)
        => new(Schedule, LearningRate, (long)stepsPerEpoch * Epochs, stepsPerEpoch, ScheduleStepSize, ScheduleGamma, 0, WarmupSteps);

    /// <summary>Builds the configured optimiser for <paramref name="parameterCount"/> scalars.</summary>
    public Optimizer<float> CreateOptimizer(int parameterCount) => Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd<float>(parameterCount, LearningRate, Momentum, weightDecay: WeightDecay, nesterov: Nesterov),
        OptimizerKind.RmsProp => new RmsProp<float>(parameterCount, LearningRate, weightDecay: WeightDecay, momentum: Momentum),
        OptimizerKind.AdamW => new Adam<float>(parameterCount, LearningRate, weightDecay: WeightDecay, decoupledWeightDecay: true),
        _ => new Adam<float>(parameterCount, LearningRate, weightDecay: WeightDecay),
    };
}
