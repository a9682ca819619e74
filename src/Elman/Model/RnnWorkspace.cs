using System.Numerics;

namespace Elman.Model;

/// <summary>
/// The activations and scratch buffers of one forward/backward pass, sized for the largest batch seen
/// so far and reused: steady-state training allocates nothing. Time-major buffers are [T, B, ·].
/// </summary>
sealed class RnnWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly RnnConfig _config;
    int _rows;      // capacity in B·T rows
    int _batch;     // capacity in B

    public RnnWorkspace(RnnConfig config)
    {
        _config = config;
        Hidden = new T[config.NumLayers][];
        Bias = new T[config.HiddenSize];
        for (int k = 0; k < config.NumLayers; k++) Hidden[k] = [];
    }

    /// <summary>Layer input of layer 0, time-major: [T, B, D].</summary>
    public T[] Input { get; private set; } = [];
    /// <summary>h_t of every layer: [L][T, B, H].</summary>
    public T[][] Hidden { get; }
    /// <summary>Gradient ping-pong buffers, [T, B, H] each: ∂ℓ/∂h of a layer becomes its dz in place.</summary>
    public T[] GradA { get; private set; } = [];
    /// <inheritdoc cref="GradA"/>
    public T[] GradB { get; private set; } = [];
    /// <summary>∂ℓ/∂x of layer 0, time-major [T, B, D].</summary>
    public T[] InputGradTimeMajor { get; private set; } = [];
    /// <summary>∂ℓ/∂x batch-first [B, S, D], for the caller.</summary>
    public T[] InputGrad { get; private set; } = [];
    /// <summary>Grows <see cref="InputGrad"/> to hold <paramref name="length"/> values.</summary>
    public void EnsureInputGrad(int length)
    {
        if (length > InputGrad.Length) InputGrad = new T[length];
    }

    /// <summary>Top-layer state at each sequence's last valid step: [B, H].</summary>
    public T[] Last { get; private set; } = [];
    /// <summary>∂ℓ/∂(that state): [B, H].</summary>
    public T[] DLast { get; private set; } = [];
    /// <summary>Classifier outputs: [B, C].</summary>
    public T[] Logits { get; private set; } = [];
    /// <summary>softmax(logits): [B, C].</summary>
    public T[] Probabilities { get; private set; } = [];
    /// <summary>∂ℓ/∂logits: [B, C].</summary>
    public T[] DLogits { get; private set; } = [];
    /// <summary>b_ih + b_hh scratch: [H].</summary>
    public T[] Bias { get; }

    /// <summary>Grows the buffers to hold <paramref name="batch"/> sequences of <paramref name="steps"/> steps.</summary>
    public void Ensure(int batch, int steps)
    {
        int rows = checked(batch * steps);
        int d = _config.InputSize, h = _config.HiddenSize, c = _config.NumClasses;
        if (rows > _rows)
        {
            _rows = Math.Max(rows, _rows * 5 / 4);
            Input = new T[checked(_rows * d)];
            for (int k = 0; k < Hidden.Length; k++) Hidden[k] = new T[checked(_rows * h)];
            GradA = new T[checked(_rows * h)];
            GradB = new T[checked(_rows * h)];
            InputGradTimeMajor = new T[checked(_rows * d)];
        }
        if (batch > _batch)
        {
            _batch = batch;
            Last = new T[batch * h];
            DLast = new T[batch * h];
            Logits = new T[batch * c];
            Probabilities = new T[batch * c];
            DLogits = new T[batch * c];
        }
    }
}
