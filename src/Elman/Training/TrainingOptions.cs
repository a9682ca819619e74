namespace Elman.Training;

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
    /// <summary>SGD momentum μ (0 = plain SGD).</summary>
    public double Momentum { get; init; }
    /// <summary>Weight decay λ (L2 for SGD/Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Gradient clipping before each step.</summary>
    public ClipMode Clip { get; init; } = ClipMode.None;
    /// <summary>max_norm for <see cref="ClipMode.Norm"/> and <see cref="ClipMode.Pascanu"/>, the bound for <see cref="ClipMode.Value"/>.</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>Stop when the validation loss has not improved for this many epochs (0 = never stop early).</summary>
    public int Patience { get; init; }
    /// <summary>Seeds the shuffling of every epoch; the same seed and thread count give bit-identical weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ElmanException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ElmanException($"--epochs is {Epochs}, expected ≥ 1");
        if (BatchSize < 1) throw new ElmanException($"--batch is {BatchSize}, expected ≥ 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ElmanException($"--lr is {LearningRate}, expected a positive number");
        if (Momentum < 0 || Momentum >= 1) throw new ElmanException($"--momentum is {Momentum}, expected 0 ≤ μ < 1");
        if (WeightDecay < 0) throw new ElmanException($"--weight-decay is {WeightDecay}, expected ≥ 0");
        if (Clip != ClipMode.None && !(ClipThreshold > 0)) throw new ElmanException($"--clip is {ClipThreshold}, expected a positive threshold");
        if (Patience < 0) throw new ElmanException($"--patience is {Patience}, expected ≥ 0");
    }

    /// <summary>Builds the configured optimiser for <paramref name="parameterCount"/> scalars.</summary>
    public Optimizer<float> CreateOptimizer(int parameterCount) => Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd<float>(parameterCount, LearningRate, Momentum, weightDecay: WeightDecay),
        OptimizerKind.AdamW => new Adam<float>(parameterCount, LearningRate, weightDecay: WeightDecay, decoupledWeightDecay: true),
        _ => new Adam<float>(parameterCount, LearningRate, weightDecay: WeightDecay),
    };
}
