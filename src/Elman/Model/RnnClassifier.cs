using System.Numerics;
using Elman.Data;
using Elman.Layers;
using Elman.Numerics;

namespace Elman.Model;

/// <summary>
/// An Elman RNN sequence classifier with the semantics of PyTorch's
/// <c>nn.Embedding(V, D, padding_idx=0)</c> → <c>nn.RNN(D, H, L, nonlinearity, batch_first=True)</c> →
/// <c>nn.Linear(H, C)</c> on the top layer's state at each sequence's last valid step, trained on the
/// mean cross-entropy. Generic over the scalar type: <c>float</c> to train, <c>double</c> to check
/// gradients against finite differences with the very same code.
/// </summary>
/// <remarks>An instance holds the activations of its last forward pass: use one instance per thread.</remarks>
public sealed class RnnClassifier<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly RnnWorkspace<T> _ws;
    SequenceBatch<T> _batch;
    int _steps;
    bool _hasForward;

    /// <summary>A model of the given shape with all weights zero (load or initialise them next).</summary>
    public RnnClassifier(RnnConfig config)
    {
        config.Validate();
        Config = config;
        Layout = new ParameterLayout(config);
        Weights = new Parameters<T>(Layout);
        Gradients = new Parameters<T>(Layout);
        _ws = new RnnWorkspace<T>(config);
    }

    /// <summary>A model initialised as PyTorch would (see <see cref="ParameterInitializer.PyTorchDefault{T}"/>), fixed by <paramref name="seed"/>.</summary>
    public static RnnClassifier<T> Create(RnnConfig config, ulong seed)
    {
        var model = new RnnClassifier<T>(config);
        ParameterInitializer.PyTorchDefault(model.Weights, config, SeededRandom.Derive(seed, 0));
        return model;
    }

    /// <summary>The model's shape.</summary>
    public RnnConfig Config { get; }
    /// <summary>Names, shapes and offsets of the parameter tensors.</summary>
    public ParameterLayout Layout { get; }
    /// <summary>The weights, under their PyTorch names.</summary>
    public Parameters<T> Weights { get; }
    /// <summary>∂ℓ/∂weights, accumulated by <see cref="Backward"/>; same layout as <see cref="Weights"/>.</summary>
    public Parameters<T> Gradients { get; }
    /// <summary>Threads the matrix products are split across; null runs on the caller.</summary>
    public WorkerPool? Pool { get; set; }

    /// <summary>The number of time steps the last forward pass computed: the longest valid length in its batch.</summary>
    public int ComputedSteps => _steps;
    /// <summary>Mean cross-entropy of the last forward pass, NaN when its batch had no labels.</summary>
    public T Loss { get; private set; } = T.NaN;
    /// <summary>Classifier outputs of the last forward pass: [B, C].</summary>
    public ReadOnlySpan<T> Logits => _ws.Logits.AsSpan(0, _batch.BatchSize * Config.NumClasses);
    /// <summary>softmax(logits) of the last forward pass: [B, C].</summary>
    public ReadOnlySpan<T> Probabilities => _ws.Probabilities.AsSpan(0, _batch.BatchSize * Config.NumClasses);
    /// <summary>h_t of layer <paramref name="layer"/> in the last forward pass, time-major: [T, B, H] with T = <see cref="ComputedSteps"/>.</summary>
    public ReadOnlySpan<T> HiddenStates(int layer) => _ws.Hidden[layer].AsSpan(0, _steps * _batch.BatchSize * Config.HiddenSize);
    /// <summary>∂ℓ/∂x of the last <see cref="Backward"/> with <c>inputGradient</c> set, batch-first [B, S, D]; zero at padded steps.</summary>
    public ReadOnlySpan<T> InputGradient => _ws.InputGrad.AsSpan(0, _batch.BatchSize * _batch.Steps * Config.InputSize);

    /// <summary>
    /// Runs the network on <paramref name="batch"/>: logits, probabilities and, when the batch has
    /// labels, the mean loss. Only the first max(lengths) steps are computed.
    /// </summary>
    /// <exception cref="ElmanException">The batch does not fit the model (see <see cref="SequenceBatch{T}.Validate"/>).</exception>
    public void Forward(in SequenceBatch<T> batch)
    {
        batch.Validate(Config);
        int bsz = batch.BatchSize, steps = batch.MaxLength();
        int d = Config.InputSize, h = Config.HiddenSize, c = Config.NumClasses;
        _ws.Ensure(bsz, steps);
        _batch = batch;
        _steps = steps;

        var input = _ws.Input.AsSpan(0, steps * bsz * d);
        if (Config.HasEmbedding)
            Embedding.Forward<T>(input, batch.Tokens.Span, Weights[ParameterLayout.EmbeddingWeight], steps, bsz, batch.Steps, d);
        else
            ToTimeMajor(batch.X.Span, input, bsz, batch.Steps, steps, d);

        for (int k = 0; k < Config.NumLayers; k++)
        {
            ReadOnlySpan<T> x = k == 0 ? input : HiddenStates(k - 1);
            RecurrentLayer.Forward<T>(_ws.Hidden[k].AsSpan(0, steps * bsz * h), x,
                Weights[ParameterLayout.WeightIh(k)], Weights[ParameterLayout.WeightHh(k)],
                Weights[ParameterLayout.BiasIh(k)], Weights[ParameterLayout.BiasHh(k)],
                steps, bsz, k == 0 ? d : h, h, Config.Nonlinearity, _ws.Bias, Pool);
        }

        // The classifier reads h[b, lengths[b] - 1] of the top layer.
        var top = HiddenStates(Config.NumLayers - 1);
        var last = _ws.Last.AsSpan(0, bsz * h);
        var lengths = batch.Lengths.Span;
        for (int b = 0; b < bsz; b++)
            top.Slice(((lengths[b] - 1) * bsz + b) * h, h).CopyTo(last.Slice(b * h, h));

        Linear.Forward<T>(_ws.Logits, last, Weights[ParameterLayout.FcWeight], Weights[ParameterLayout.FcBias], bsz, h, c);
        Loss = SoftmaxCrossEntropy.Forward<T>(_ws.Probabilities, Logits, batch.Labels.Span, bsz, c);
        _hasForward = true;
    }

    /// <summary>
    /// Exact backpropagation through time of the last forward pass's mean loss; adds ∂ℓ/∂θ into
    /// <see cref="Gradients"/> (clear them first with <c>Gradients.Clear()</c> unless accumulating).
    /// With <paramref name="inputGradient"/> and dense inputs, also fills <see cref="InputGradient"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with labels came first.</exception>
    public void Backward(bool inputGradient = false)
    {
        if (!_hasForward || !_batch.HasLabels) throw new InvalidOperationException("Backward needs a Forward pass on a batch with labels first.");
        int bsz = _batch.BatchSize, steps = _steps;
        int d = Config.InputSize, h = Config.HiddenSize, c = Config.NumClasses;
        var lengths = _batch.Lengths.Span;

        var dLogits = _ws.DLogits.AsSpan(0, bsz * c);
        SoftmaxCrossEntropy.Backward<T>(dLogits, Probabilities, _batch.Labels.Span, bsz, c);
        var dLast = _ws.DLast.AsSpan(0, bsz * h);
        Linear.Backward<T>(Gradients[ParameterLayout.FcWeight], Gradients[ParameterLayout.FcBias], dLast,
            dLogits, _ws.Last.AsSpan(0, bsz * h), Weights[ParameterLayout.FcWeight], bsz, h, c);

        // ∂ℓ/∂h of the top layer is non-zero only at each sequence's last valid step.
        var dH = _ws.GradA.AsSpan(0, steps * bsz * h);
        var dBelow = _ws.GradB.AsSpan(0, steps * bsz * h);
        dH.Clear();
        for (int b = 0; b < bsz; b++)
            dLast.Slice(b * h, h).CopyTo(dH.Slice(((lengths[b] - 1) * bsz + b) * h, h));

        bool needInput = Config.HasEmbedding || inputGradient;
        var dInput = _ws.InputGradTimeMajor.AsSpan(0, steps * bsz * d);
        var input = _ws.Input.AsSpan(0, steps * bsz * d);
        for (int k = Config.NumLayers - 1; k >= 0; k--)
        {
            Span<T> dX = k > 0 ? dBelow : needInput ? dInput : [];
            ReadOnlySpan<T> x = k == 0 ? input : HiddenStates(k - 1);
            RecurrentLayer.Backward<T>(Gradients[ParameterLayout.WeightIh(k)], Gradients[ParameterLayout.WeightHh(k)],
                Gradients[ParameterLayout.BiasIh(k)], Gradients[ParameterLayout.BiasHh(k)], dX, dH,
                HiddenStates(k), x, Weights[ParameterLayout.WeightIh(k)], Weights[ParameterLayout.WeightHh(k)],
                steps, bsz, k == 0 ? d : h, h, Config.Nonlinearity, Pool);
            var swap = dH;
            dH = dBelow;
            dBelow = swap;
        }

        if (Config.HasEmbedding)
            Embedding.Backward<T>(Gradients[ParameterLayout.EmbeddingWeight], dInput, _batch.Tokens.Span, lengths, bsz, _batch.Steps, d);
        else if (inputGradient)
        {
            _ws.EnsureInputGrad(bsz * _batch.Steps * d);
            var dx = _ws.InputGrad.AsSpan(0, bsz * _batch.Steps * d);
            dx.Clear();
            FromTimeMajor(dInput, dx, bsz, _batch.Steps, steps, d);
        }
    }

    /// <summary>Clears <see cref="Gradients"/>, runs forward and backward, and returns the mean loss.</summary>
    public T ComputeGradients(in SequenceBatch<T> batch, bool inputGradient = false)
    {
        Gradients.Clear();
        Forward(batch);
        Backward(inputGradient);
        return Loss;
    }

    // x [B, S, D] → time-major [T, B, D] for the first T ≤ S steps.
    static void ToTimeMajor(ReadOnlySpan<T> x, Span<T> timeMajor, int batch, int paddedSteps, int steps, int d)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                x.Slice((b * paddedSteps + t) * d, d).CopyTo(timeMajor.Slice((t * batch + b) * d, d));
    }

    static void FromTimeMajor(ReadOnlySpan<T> timeMajor, Span<T> x, int batch, int paddedSteps, int steps, int d)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                timeMajor.Slice((t * batch + b) * d, d).CopyTo(x.Slice((b * paddedSteps + t) * d, d));
    }
}
