using System.Numerics;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>
/// Adam with PyTorch's <c>torch.optim.Adam</c> / <c>AdamW</c> semantics (eps outside the square root):
/// g ← ∇ (+ λθ for Adam; AdamW instead decays θ ← θ(1 - lr·λ)); m ← β₁m + (1-β₁)g; v ← β₂v + (1-β₂)g²;
/// θ ← θ - (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε).
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _m, _v;

    /// <summary>Creates Adam (or AdamW with <paramref name="decoupledWeightDecay"/>) for <paramref name="parameterCount"/> scalars.</summary>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameterCount, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
        _m = new T[parameterCount];
        _v = new T[parameterCount];
    }

    /// <summary>β₁, decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>β₂, decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>ε, added to the bias-corrected √v.</summary>
    public double Epsilon { get; }
    /// <summary>λ: L2 penalty (Adam) or decoupled decay (AdamW).</summary>
    public double WeightDecay { get; }
    /// <summary>Whether weight decay is decoupled from the gradient (AdamW).</summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, T[]> State => new Dictionary<string, T[]> { ["exp_avg"] = _m, ["exp_avg_sq"] = _v };

    /// <inheritdoc />
    protected override void Update(Span<T> weights, ReadOnlySpan<T> gradients)
    {
        double correction1 = 1 - Math.Pow(Beta1, Steps), correction2 = 1 - Math.Pow(Beta2, Steps);
        bool decoupled = WeightDecay != 0 && DecoupledWeightDecay;
        var coefficients = new AdamKernel.Coefficients<T>(
            StepSize: T.CreateChecked(LearningRate / correction1),
            SqrtCorrection2: T.CreateChecked(Math.Sqrt(correction2)),
            Beta1: T.CreateChecked(Beta1),
            Beta2: T.CreateChecked(Beta2),
            Epsilon: T.CreateChecked(Epsilon),
            Decay: WeightDecay != 0 && !decoupled ? T.CreateChecked(WeightDecay) : T.Zero,
            Shrink: decoupled ? T.One - T.CreateChecked(LearningRate * WeightDecay) : T.One);
        AdamKernel.Update(weights, gradients, _m, _v, coefficients);
    }
}
