using System.Numerics;

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
        T stepSize = T.CreateChecked(LearningRate / correction1);
        T sqrtCorrection2 = T.CreateChecked(Math.Sqrt(correction2));
        T b1 = T.CreateChecked(Beta1), b2 = T.CreateChecked(Beta2);
        T oneMinusB1 = T.One - b1, oneMinusB2 = T.One - b2, eps = T.CreateChecked(Epsilon);
        T decay = T.CreateChecked(WeightDecay), shrink = T.One - T.CreateChecked(LearningRate * WeightDecay);
        for (int i = 0; i < weights.Length; i++)
        {
            T g = gradients[i];
            if (WeightDecay != 0)
            {
                if (DecoupledWeightDecay) weights[i] *= shrink;
                else g += decay * weights[i];
            }
            _m[i] = b1 * _m[i] + oneMinusB1 * g;
            _v[i] = b2 * _v[i] + oneMinusB2 * g * g;
            weights[i] -= stepSize * _m[i] / (T.Sqrt(_v[i]) / sqrtCorrection2 + eps);
        }
    }
}
