using System.Numerics;
using Elman.Numerics;

namespace Elman.Model;

/// <summary>
/// The activations and scratch buffers of one forward/backward pass, sized for the largest batch seen
/// so far and reused: steady-state training allocates nothing. Time-major buffers are [T, B, ·];
/// W = H·dirs is the width of a layer's output.
/// </summary>
sealed class RnnWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly RnnConfig _config;
    int _rows;      // capacity in B·T rows
    int _batch;     // capacity in B
    int _backwardRows;  // capacity of the backward buffers in B·T rows

    public RnnWorkspace(RnnConfig config)
    {
        _config = config;
        int layers = config.NumLayers;
        Hidden = new T[layers, config.Directions][];
        Concat = new T[layers][];
        Dropped = new T[layers][];
        Mask = new T[layers][];
        Bias = new T[config.HiddenSize];
        PackedRecurrent = new PackedMatrix<T>(config.HiddenSize, config.HiddenSize);
        for (int k = 0; k < layers; k++)
        {
            for (int d = 0; d < config.Directions; d++) Hidden[k, d] = [];
            Concat[k] = Dropped[k] = Mask[k] = [];
        }
    }

    /// <summary>Input of layer 0, time-major: [T, B, D].</summary>
    public T[] Input { get; private set; } = [];
    /// <summary>h_t of every layer and direction: [L, dirs][T, B, H]; the reverse direction is in reversed time (row s is step len-1-s).</summary>
    public T[,][] Hidden { get; }
    /// <summary>Bidirectional layer outputs [h_fwd; h_rev] in original time: [L][T, B, 2H].</summary>
    public T[][] Concat { get; }
    /// <summary>Layer outputs after dropout: [L][T, B, W].</summary>
    public T[][] Dropped { get; }
    /// <summary>Dropout masks (0 or 1/(1-p)): [L][T, B, W].</summary>
    public T[][] Mask { get; }
    /// <summary>A layer's input reversed per sequence, for the reverse direction: [T, B, max(D, W)].</summary>
    public T[] Reversed { get; private set; } = [];
    /// <summary>∂ℓ/∂(reversed input) of the reverse direction: [T, B, max(D, W)].</summary>
    public T[] DReversed { get; private set; } = [];
    /// <summary>Gradient ping-pong buffers over layer outputs, [T, B, W] each.</summary>
    public T[] GradA { get; private set; } = [];
    /// <inheritdoc cref="GradA"/>
    public T[] GradB { get; private set; } = [];
    /// <summary>∂ℓ/∂h of the forward and reverse directions of a bidirectional layer: [T, B, H] each.</summary>
    public T[] DForward { get; private set; } = [];
    /// <inheritdoc cref="DForward"/>
    public T[] DReverse { get; private set; } = [];
    /// <summary>∂ℓ/∂x of layer 0, time-major [T, B, D].</summary>
    public T[] InputGradTimeMajor { get; private set; } = [];
    /// <summary>∂ℓ/∂x batch-first [B, S, D], for the caller.</summary>
    public T[] InputGrad { get; private set; } = [];
    /// <summary>
    /// The classifier's input: the top-layer output at each sequence's last valid step ([h_fwd(len); h_rev(1)]
    /// when bidirectional), or its max or mean over the valid steps: [B, W].
    /// </summary>
    public T[] Pooled { get; private set; } = [];
    /// <summary>∂ℓ/∂(classifier input): [B, W].</summary>
    public T[] DPooled { get; private set; } = [];
    /// <summary>Max pooling: the step t each feature's maximum came from: [B, W]; empty for other poolings.</summary>
    public int[] ArgMax { get; private set; } = [];
    /// <summary>Classifier outputs: [B, C].</summary>
    public T[] Logits { get; private set; } = [];
    /// <summary>softmax(logits): [B, C].</summary>
    public T[] Probabilities { get; private set; } = [];
    /// <summary>∂ℓ/∂logits: [B, C].</summary>
    public T[] DLogits { get; private set; } = [];
    /// <summary>b_ih + b_hh scratch: [H].</summary>
    public T[] Bias { get; }
    /// <summary>W_hhᵀ (forward) or W_hh (backward) of the layer at hand, packed for the T recurrent products.</summary>
    public PackedMatrix<T> PackedRecurrent { get; }

    /// <summary>
    /// Grows the forward buffers (layer inputs and every layer's h_t, kept for BPTT) to hold
    /// <paramref name="batch"/> sequences of <paramref name="steps"/> steps.
    /// </summary>
    public void Ensure(int batch, int steps)
    {
        int rows = checked(batch * steps);
        int d = _config.InputSize, h = _config.HiddenSize, w = _config.OutputSize, c = _config.NumClasses;
        if (rows > _rows)
        {
            _rows = Math.Max(rows, _rows * 5 / 4);
            Input = new T[checked(_rows * d)];
            for (int k = 0; k < _config.NumLayers; k++)
            {
                for (int dir = 0; dir < _config.Directions; dir++) Hidden[k, dir] = new T[checked(_rows * h)];
                if (_config.Bidirectional) Concat[k] = new T[checked(_rows * w)];
                if (_config.Dropout > 0 && k < _config.NumLayers - 1)
                {
                    Dropped[k] = new T[checked(_rows * w)];
                    Mask[k] = new T[checked(_rows * w)];
                }
            }
            if (_config.Bidirectional) Reversed = new T[checked(_rows * Math.Max(d, w))];
        }
        if (batch > _batch)
        {
            _batch = batch;
            Pooled = new T[batch * w];
            DPooled = new T[batch * w];
            if (_config.Pooling == Layers.Pooling.Max) ArgMax = new int[batch * w];
            Logits = new T[batch * c];
            Probabilities = new T[batch * c];
            DLogits = new T[batch * c];
        }
    }

    /// <summary>
    /// Grows the backward buffers for the batch of the last <see cref="Ensure"/>: only what this model's
    /// backward pass touches (a second gradient buffer only for stacked layers, ∂ℓ/∂x only when it is
    /// wanted), so inference never allocates them and a one-layer model keeps one [T, B, H] buffer of dz.
    /// </summary>
    public void EnsureBackward(int batch, int steps, bool inputGradient)
    {
        int rows = checked(batch * steps);
        int d = _config.InputSize, h = _config.HiddenSize, w = _config.OutputSize;
        if (rows > _backwardRows)
        {
            _backwardRows = Math.Max(rows, _backwardRows * 5 / 4);
            GradA = new T[checked(_backwardRows * w)];
            if (_config.NumLayers > 1) GradB = new T[checked(_backwardRows * w)];
            if (_config.Bidirectional)
            {
                DReversed = new T[checked(_backwardRows * Math.Max(d, w))];
                DForward = new T[checked(_backwardRows * h)];
                DReverse = new T[checked(_backwardRows * h)];
            }
            if (InputGradTimeMajor.Length > 0) InputGradTimeMajor = new T[checked(_backwardRows * d)];
        }
        if (inputGradient && InputGradTimeMajor.Length < _backwardRows * d) InputGradTimeMajor = new T[checked(_backwardRows * d)];
    }

    /// <summary>Elements held by the buffers kept from the forward pass for BPTT, and by backward scratch.</summary>
    public ActivationMemory Footprint()
    {
        long retained = Input.Length + Reversed.Length;
        foreach (var hidden in Hidden) retained += hidden.Length;
        for (int k = 0; k < _config.NumLayers; k++) retained += Concat[k].Length + Dropped[k].Length + Mask[k].Length;
        long scratch = (long)GradA.Length + GradB.Length + DReversed.Length + DForward.Length + DReverse.Length
            + InputGradTimeMajor.Length + InputGrad.Length;
        return new ActivationMemory(retained, scratch);
    }

    /// <summary>Grows <see cref="InputGrad"/> to hold <paramref name="length"/> values.</summary>
    public void EnsureInputGrad(int length)
    {
        if (length > InputGrad.Length) InputGrad = new T[length];
    }
}
