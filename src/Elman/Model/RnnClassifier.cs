using System.Numerics;
using Elman.Data;
using Elman.Layers;
using Elman.Numerics;

namespace Elman.Model;

/// <summary>
/// An Elman RNN sequence classifier with the semantics of PyTorch's
/// <c>nn.Embedding(V, D, padding_idx=0)</c> → <c>nn.RNN(D, H, L, nonlinearity, bidirectional, dropout,
/// batch_first=True)</c> on packed sequences → <c>nn.Linear(H·dirs, C)</c> on the top layer's state at each
/// sequence's last valid step (and, when bidirectional, the reverse direction's state at step 1), or on the
/// max or mean of the top layer's outputs over the valid steps (<see cref="RnnConfig.Pooling"/>),
/// trained on the mean cross-entropy. Generic over the scalar type: <c>float</c> to train, <c>double</c> to check
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
    public RnnClassifier(RnnConfig config) : this(config, null) { }

    RnnClassifier(RnnConfig config, Parameters<T>? sharedWeights)
    {
        config.Validate();
        if (MemoryEstimate.ParameterCount(config) > Array.MaxLength)
            throw new ElmanException($"a model with {MemoryEstimate.ParameterCount(config):N0} parameters does not fit in one buffer (at most {Array.MaxLength:N0})");
        Config = config;
        Layout = sharedWeights?.Layout ?? new ParameterLayout(config);
        Weights = sharedWeights ?? new Parameters<T>(Layout);
        Gradients = new Parameters<T>(Layout);
        _ws = new RnnWorkspace<T>(config);
    }

    /// <summary>A model initialised as PyTorch would (see <see cref="ParameterInitializer.PyTorchDefault{T}"/>), fixed by <paramref name="seed"/>.</summary>
    public static RnnClassifier<T> Create(RnnConfig config, ulong seed)
    {
        var model = new RnnClassifier<T>(config);
        ParameterInitializer.PyTorchDefault(model.Weights, config, SeededRandom.Derive(seed, 0));
        model.DropoutRandom.SetState(SeededRandom.Derive(seed, 3).GetState());
        return model;
    }

    /// <summary>
    /// A second instance that reads the very same weight buffer (no copy) with its own activations and
    /// gradients: one per thread lets many threads run forward passes on one model at once.
    /// </summary>
    public RnnClassifier<T> ShareWeights() => new(Config, Weights) { Pool = Pool };

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

    /// <summary>
    /// Whether the model is training: dropout between layers is active only then (PyTorch's
    /// <c>model.train()</c> / <c>model.eval()</c>). False after construction; the trainer sets it.
    /// </summary>
    public bool Training { get; set; }

    /// <summary>Draws the dropout masks, one stream fixed by the model's seed.</summary>
    public SeededRandom DropoutRandom { get; } = new(0);

    /// <summary>Keep the dropout masks of the last training forward pass instead of drawing new ones (for gradient checks).</summary>
    public bool FreezeDropoutMasks { get; set; }

    /// <summary>The number of time steps the last forward pass computed: the longest valid length in its batch.</summary>
    public int ComputedSteps => _steps;
    /// <summary>Mean cross-entropy (weighted by <see cref="ClassWeights"/> when set; for a regression head, mean squared error) of the last forward pass; NaN when its batch had no labels or targets.</summary>
    public T Loss { get; private set; } = T.NaN;
    /// <summary>Classifier outputs of the last forward pass: [B, C].</summary>
    public ReadOnlySpan<T> Logits => _ws.Logits.AsSpan(0, _batch.BatchSize * Config.NumClasses);
    /// <summary>softmax(logits) of the last forward pass: [B, C]. For a regression head, the predictions themselves.</summary>
    public ReadOnlySpan<T> Probabilities => _ws.Probabilities.AsSpan(0, _batch.BatchSize * Config.NumClasses);

    /// <summary>
    /// h_t of layer <paramref name="layer"/> in the last forward pass, time-major: [T, B, H] with
    /// T = <see cref="ComputedSteps"/>. The reverse direction's states are in each sequence's reversed
    /// time: row s holds the state after reading step len_b - s (1-based), so row len_b - 1 is its state at step 1.
    /// </summary>
    public ReadOnlySpan<T> HiddenStates(int layer, bool reverse = false) => Hidden(layer, reverse ? 1 : 0);

    /// <summary>∂ℓ/∂x of the last <see cref="Backward"/> with <c>inputGradient</c> set, batch-first [B, S, D]; zero at padded steps.</summary>
    public ReadOnlySpan<T> InputGradient => _ws.InputGrad.AsSpan(0, _batch.BatchSize * _batch.Steps * Config.InputSize);

    /// <summary>
    /// The elements the workspace holds, sized for the largest batch seen so far. For a unidirectional
    /// model with dense input, the retained part is exactly B·T·(D + L·H): the input and each layer's h_t
    /// (σ' is recomputed from h_t, z_t is not kept).
    /// </summary>
    public ActivationMemory ActivationMemory => _ws.Footprint();

    Span<int> ArgMax => Config.Pooling == Pooling.Max ? _ws.ArgMax.AsSpan(0, _batch.BatchSize * Config.OutputSize) : [];

    Span<T> Hidden(int layer, int direction) => _ws.Hidden[layer, direction].AsSpan(0, _steps * _batch.BatchSize * Config.HiddenSize);

    bool DropoutActive(int layer) => Training && Config.Dropout > 0 && layer < Config.NumLayers - 1;

    // What layer k reads: the embedded/dense input, or the layer below's output (after dropout when training).
    Span<T> LayerInput(int layer)
    {
        int rows = _steps * _batch.BatchSize;
        if (layer == 0) return _ws.Input.AsSpan(0, rows * Config.InputSize);
        if (DropoutActive(layer - 1)) return _ws.Dropped[layer - 1].AsSpan(0, rows * Config.OutputSize);
        return LayerOutput(layer - 1);
    }

    Span<T> LayerOutput(int layer) => Config.Bidirectional
        ? _ws.Concat[layer].AsSpan(0, _steps * _batch.BatchSize * Config.OutputSize)
        : Hidden(layer, 0);

    /// <summary>
    /// Runs the network on <paramref name="batch"/>: logits, probabilities and, when the batch has
    /// labels, the mean loss. Only the first max(lengths) steps are computed.
    /// </summary>
    /// <exception cref="ElmanException">The batch does not fit the model (see <see cref="SequenceBatch{T}.Validate"/>).</exception>
    public void Forward(in SequenceBatch<T> batch)
    {
        batch.Validate(Config);
        int bsz = batch.BatchSize, steps = batch.MaxLength();
        int d = Config.InputSize, h = Config.HiddenSize, w = Config.OutputSize, c = Config.NumClasses;
        _ws.Ensure(bsz, steps);
        _batch = batch;
        _steps = steps;
        int rows = steps * bsz;
        var lengths = batch.Lengths.Span;

        var input = _ws.Input.AsSpan(0, rows * d);
        if (Config.HasEmbedding)
            Embedding.Forward<T>(input, batch.Tokens.Span, Weights[ParameterLayout.EmbeddingWeight], steps, bsz, batch.Steps, d);
        else
            ToTimeMajor(batch.X.Span, input, bsz, batch.Steps, steps, d);

        for (int k = 0; k < Config.NumLayers; k++)
        {
            var x = LayerInput(k);
            int inSize = k == 0 ? d : w;
            LayerForward(k, reverse: false, Hidden(k, 0), x, inSize);
            if (Config.Bidirectional)
            {
                var reversed = _ws.Reversed.AsSpan(0, rows * inSize);
                TimeReversal.Copy<T>(x, inSize, 0, reversed, inSize, 0, inSize, lengths, steps, bsz);
                LayerForward(k, reverse: true, Hidden(k, 1), reversed, inSize);
                var output = LayerOutput(k);
                TimeReversal.CopyColumns<T>(Hidden(k, 0), h, 0, output, w, 0, h, rows);
                TimeReversal.Copy<T>(Hidden(k, 1), h, 0, output, w, h, h, lengths, steps, bsz);
            }
            if (DropoutActive(k))
            {
                var mask = _ws.Mask[k].AsSpan(0, rows * w);
                if (!FreezeDropoutMasks) Layers.Dropout.DrawMask(mask, Config.Dropout, DropoutRandom);
                Layers.Dropout.Forward<T>(_ws.Dropped[k].AsSpan(0, rows * w), LayerOutput(k), mask);
            }
        }

        int top = Config.NumLayers - 1;
        var pooled = _ws.Pooled.AsSpan(0, bsz * w);
        if (Config.Pooling == Pooling.Last)
        {
            // The classifier reads the top layer at h[b, lengths[b] - 1], and the reverse direction's state
            // at step 1, which is row lengths[b] - 1 of its reversed time too.
            for (int b = 0; b < bsz; b++)
                for (int dir = 0; dir < Config.Directions; dir++)
                    Hidden(top, dir).Slice(((lengths[b] - 1) * bsz + b) * h, h).CopyTo(pooled.Slice(b * w + dir * h, h));
        }
        else
            SequencePooling.Forward<T>(Config.Pooling, pooled, ArgMax, LayerOutput(top), lengths, bsz, w);

        Linear.Forward<T>(_ws.Logits, pooled, Weights[ParameterLayout.FcWeight], Weights[ParameterLayout.FcBias], bsz, w, c);
        if (Config.IsRegression)
        {
            Logits.CopyTo(_ws.Probabilities);
            Loss = batch.HasTargets ? MeanSquaredError.Forward(Logits, batch.Targets.Span) : T.NaN;
        }
        else
            Loss = SoftmaxCrossEntropy.Forward<T>(_ws.Probabilities, Logits, batch.Labels.Span, bsz, c, _classWeights.Span);
        _hasForward = true;
    }

    void LayerForward(int layer, bool reverse, Span<T> h, ReadOnlySpan<T> x, int inSize)
    {
        var p = Layout.Recurrent(layer, reverse);
        RecurrentLayer.Forward<T>(h, x, Weights[p.WeightIh], Weights[p.WeightHh], Weights[p.BiasIh], Weights[p.BiasHh],
            _steps, _batch.BatchSize, inSize, Config.HiddenSize, Config.Nonlinearity, _ws.Bias, _ws.PackedRecurrent, Pool);
    }

    void LayerBackward(int layer, bool reverse, Span<T> dX, Span<T> dH, ReadOnlySpan<T> x, int inSize)
    {
        var p = Layout.Recurrent(layer, reverse);
        RecurrentLayer.Backward<T>(Gradients[p.WeightIh], Gradients[p.WeightHh], Gradients[p.BiasIh], Gradients[p.BiasHh], dX, dH,
            Hidden(layer, reverse ? 1 : 0), x, Weights[p.WeightIh], Weights[p.WeightHh],
            _steps, _batch.BatchSize, inSize, Config.HiddenSize, Config.Nonlinearity, _ws.PackedRecurrent, Pool);
    }

    /// <summary>
    /// Exact backpropagation through time of the last forward pass's mean loss; adds ∂ℓ/∂θ into
    /// <see cref="Gradients"/> (clear them first with <c>Gradients.Clear()</c> unless accumulating).
    /// With <paramref name="inputGradient"/> and dense inputs, also fills <see cref="InputGradient"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with labels came first.</exception>
    public void Backward(bool inputGradient = false)
    {
        if (!_hasForward || !(Config.IsRegression ? _batch.HasTargets : _batch.HasLabels))
            throw new InvalidOperationException("Backward needs a Forward pass on a batch with labels (or regression targets) first.");
        int bsz = _batch.BatchSize, steps = _steps, rows = steps * bsz;
        int d = Config.InputSize, h = Config.HiddenSize, w = Config.OutputSize, c = Config.NumClasses;
        var lengths = _batch.Lengths.Span;
        bool needInput = Config.HasEmbedding || inputGradient;
        _ws.EnsureBackward(bsz, steps, needInput);

        var dLogits = _ws.DLogits.AsSpan(0, bsz * c);
        if (Config.IsRegression) MeanSquaredError.Backward<T>(dLogits, Logits, _batch.Targets.Span);
        else SoftmaxCrossEntropy.Backward<T>(dLogits, Probabilities, _batch.Labels.Span, bsz, c, _classWeights.Span);
        var dPooled = _ws.DPooled.AsSpan(0, bsz * w);
        Linear.Backward<T>(Gradients[ParameterLayout.FcWeight], Gradients[ParameterLayout.FcBias], dPooled,
            dLogits, _ws.Pooled.AsSpan(0, bsz * w), Weights[ParameterLayout.FcWeight], bsz, w, c);

        // ∂ℓ/∂(top output) [T, B, W] is non-zero only where the classifier read it: for the last state at
        // [len_b - 1, b, fwd] and [0, b, rev]; for max at each feature's argmax step; for mean 1/len_b at every valid step.
        var dOut = _ws.GradA.AsSpan(0, rows * w);
        var dBelow = Config.NumLayers > 1 ? _ws.GradB.AsSpan(0, rows * w) : [];
        if (Config.Pooling == Pooling.Last)
        {
            dOut.Clear();
            for (int b = 0; b < bsz; b++)
            {
                dPooled.Slice(b * w, h).CopyTo(dOut.Slice(((lengths[b] - 1) * bsz + b) * w, h));
                if (Config.Bidirectional) dPooled.Slice(b * w + h, h).CopyTo(dOut.Slice(b * w + h, h));
            }
        }
        else
            SequencePooling.Backward<T>(Config.Pooling, dOut, dPooled, ArgMax, lengths, bsz, w);

        var dInput = needInput ? _ws.InputGradTimeMajor.AsSpan(0, rows * d) : [];
        for (int k = Config.NumLayers - 1; k >= 0; k--)
        {
            int inSize = k == 0 ? d : w;
            Span<T> dX = k > 0 ? dBelow : needInput ? dInput : [];
            var x = LayerInput(k);
            if (!Config.Bidirectional)
                LayerBackward(k, reverse: false, dX, dOut, x, inSize);
            else
            {
                var dForward = _ws.DForward.AsSpan(0, rows * h);
                var dReverse = _ws.DReverse.AsSpan(0, rows * h);
                TimeReversal.CopyColumns<T>(dOut, w, 0, dForward, h, 0, h, rows);
                TimeReversal.Copy<T>(dOut, w, h, dReverse, h, 0, h, lengths, steps, bsz);
                LayerBackward(k, reverse: false, dX, dForward, x, inSize);
                var reversed = _ws.Reversed.AsSpan(0, rows * inSize);
                TimeReversal.Copy<T>(x, inSize, 0, reversed, inSize, 0, inSize, lengths, steps, bsz);
                Span<T> dReversed = dX.IsEmpty ? [] : _ws.DReversed.AsSpan(0, rows * inSize);
                LayerBackward(k, reverse: true, dReversed, dReverse, reversed, inSize);
                if (!dX.IsEmpty) TimeReversal.Copy<T>(dReversed, inSize, 0, dX, inSize, 0, inSize, lengths, steps, bsz, accumulate: true);
            }
            if (k > 0 && DropoutActive(k - 1)) Layers.Dropout.Backward<T>(dX, dX, _ws.Mask[k - 1].AsSpan(0, rows * w));
            var swap = dOut;
            dOut = dBelow;
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

    /// <summary>
    /// The cross-entropy's per-class weights w_c, PyTorch's <c>CrossEntropyLoss(weight=w)</c>: [C], or empty (the default)
    /// for the plain mean. <see cref="Loss"/> and <see cref="Backward"/> then use ℓ = Σ_b w_{y_b} ℓ_b / Σ_b w_{y_b}.
    /// </summary>
    /// <exception cref="ArgumentException">Neither empty nor one weight per class, or given to a regression head.</exception>
    public ReadOnlyMemory<T> ClassWeights
    {
        get => _classWeights;
        set
        {
            if (!value.IsEmpty && (Config.IsRegression || value.Length != Config.NumClasses))
                throw new ArgumentException(Config.IsRegression ? "a regression head takes no class weights" : $"{value.Length} class weights for {Config.NumClasses} classes", nameof(value));
            _classWeights = value;
        }
    }
    ReadOnlyMemory<T> _classWeights;

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
