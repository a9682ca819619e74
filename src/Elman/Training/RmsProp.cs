using System.Numerics;

namespace Elman.Training;

/// <summary>
/// RMSprop with PyTorch's <c>torch.optim.RMSprop</c> semantics: g ← ∇ + λθ; v ← αv + (1-α)g²;
/// centered: ḡ ← αḡ + (1-α)g and v̂ = v - ḡ², else v̂ = v; with momentum μ: b ← μb + g/(√v̂ + ε),
/// θ ← θ - lr·b; without: θ ← θ - lr·g/(√v̂ + ε).
/// </summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _squareAverage, _gradAverage, _momentumBuffer;

    /// <summary>Creates RMSprop for <paramref name="parameterCount"/> scalars.</summary>
    public RmsProp(int parameterCount, double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameterCount, learningRate)
    {
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _squareAverage = new T[parameterCount];
        _gradAverage = centered ? new T[parameterCount] : [];
        _momentumBuffer = momentum != 0 ? new T[parameterCount] : [];
    }

    /// <summary>α, decay of the squared-gradient average.</summary>
    public double Alpha { get; }
    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }
    /// <summary>λ, L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }
    /// <summary>μ (0 = none).</summary>
    public double Momentum { get; }
    /// <summary>Whether the variance estimate subtracts the squared mean gradient.</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, T[]> State => new Dictionary<string, T[]>
    {
        ["square_avg"] = _squareAverage, ["grad_avg"] = _gradAverage, ["momentum_buffer"] = _momentumBuffer,
    };

    /// <inheritdoc />
    protected override void Update(Span<T> weights, ReadOnlySpan<T> gradients)
    {
        T lr = T.CreateChecked(LearningRate), alpha = T.CreateChecked(Alpha), oneMinusAlpha = T.One - alpha;
        T eps = T.CreateChecked(Epsilon), decay = T.CreateChecked(WeightDecay), mu = T.CreateChecked(Momentum);
        for (int i = 0; i < weights.Length; i++)
        {
            T g = gradients[i];
            if (WeightDecay != 0) g += decay * weights[i];
            _squareAverage[i] = alpha * _squareAverage[i] + oneMinusAlpha * g * g;
            T variance = _squareAverage[i];
            if (Centered)
            {
                _gradAverage[i] = alpha * _gradAverage[i] + oneMinusAlpha * g;
                variance -= _gradAverage[i] * _gradAverage[i];
            }
            T step = g / (T.Sqrt(variance) + eps);
            if (Momentum != 0)
            {
                _momentumBuffer[i] = mu * _momentumBuffer[i] + step;
                step = _momentumBuffer[i];
            }
            weights[i] -= lr * step;
        }
    }
}
