using System.Numerics;

namespace Elman.Training;

/// <summary>
/// Stochastic gradient descent with PyTorch's <c>torch.optim.SGD</c> semantics:
/// g ← ∇ + λθ; with momentum μ: b ← g on the first step, else b ← μ b + (1 - dampening) g, and
/// g ← g + μ b (Nesterov) or g ← b; then θ ← θ - lr · g.
/// </summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _momentumBuffer;

    /// <summary>Creates SGD for <paramref name="parameterCount"/> scalars.</summary>
    /// <exception cref="ArgumentException">Nesterov without momentum, or with dampening (as PyTorch refuses).</exception>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameterCount, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffer = momentum != 0 ? new T[parameterCount] : [];
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }
    /// <summary>Dampening of the momentum update.</summary>
    public double Dampening { get; }
    /// <summary>λ, L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }
    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, T[]> State => new Dictionary<string, T[]> { ["momentum_buffer"] = _momentumBuffer };

    /// <inheritdoc />
    protected override void Update(Span<T> weights, ReadOnlySpan<T> gradients)
    {
        T lr = T.CreateChecked(LearningRate), mu = T.CreateChecked(Momentum);
        T decay = T.CreateChecked(WeightDecay), keep = T.One - T.CreateChecked(Dampening);
        bool first = Steps == 1, useMomentum = Momentum != 0;
        var buffer = _momentumBuffer.AsSpan();
        for (int i = 0; i < weights.Length; i++)
        {
            T g = gradients[i];
            if (WeightDecay != 0) g += decay * weights[i];
            if (useMomentum)
            {
                buffer[i] = first ? g : mu * buffer[i] + keep * g;
                g = Nesterov ? g + mu * buffer[i] : buffer[i];
            }
            weights[i] -= lr * g;
        }
    }
}
