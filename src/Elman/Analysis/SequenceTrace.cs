using System.Numerics;
using Elman.Data;
using Elman.Layers;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// One sequence's forward pass as the derivation indexes it (1-based time t = 1..T in the sequence's
/// own order, for both directions). Forward: h_0 = 0 and h_t = σ(z_t), z_t = W_ih u_t + b_ih + W_hh h_{t-1} + b_hh.
/// Reverse (bidirectional models): h_{T+1} = 0 and h_t = σ(z_t), z_t = W_ih u_t + b_ih + W_hh h_{t+1} + b_hh
/// with the <c>_reverse</c> weights. u_t is x_t in layer 0 and [h_t^fwd ; h_t^rev] of the layer below
/// otherwise. σ'(z_t) is computed from h_t (1 - h_t² for tanh, [h_t &gt; 0] for ReLU, no second tanh).
/// The classifier reads v = [h_T^fwd ; h_1^rev] of the top layer, or with max or mean pooling
/// v = max_t or mean_t of o_t = [h_t^fwd ; h_t^rev] over t = 1..T (as <c>RnnClassifier.Forward</c> does),
/// and gives p_T and, with the label c (or regression target y), the loss ℓ. Every Jacobian, bound and
/// gradient decomposition in <c>Elman.Analysis</c> is built from a trace.
/// </summary>
/// <remarks>T is the sequence's own length, not the padded length of its batch. The trace holds its own
/// copy of the weights it needs, so it stays valid when the model trains on.</remarks>
public sealed class SequenceTrace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly WeightSnapshot<T> _weights;
    readonly T[] _states;        // [L, dirs, T + 2, H]: row 0 = h_0 = 0 (forward), row T + 1 = h_{T+1} = 0 (reverse)
    readonly T[] _derivatives;   // [L, dirs, T + 2, H]: rows 1..T used
    readonly T[] _probabilities; // [C]
    readonly T _target;          // the regression target y (regression heads only)

    SequenceTrace(WeightSnapshot<T> weights, int example, int length, int label, T target, T[] states, T[] derivatives, T[] probabilities)
    {
        _weights = weights;
        Example = example;
        Length = length;
        Label = label;
        _target = target;
        _states = states;
        _derivatives = derivatives;
        _probabilities = probabilities;
    }

    /// <summary>Runs <paramref name="model"/> on <paramref name="batch"/> once (dropout off) and returns the trace of every sequence in it.</summary>
    /// <exception cref="ElmanException">The batch does not fit the model.</exception>
    public static IReadOnlyList<SequenceTrace<T>> Record(RnnClassifier<T> model, in SequenceBatch<T> batch)
    {
        bool training = model.Training;
        model.Training = false;
        try { model.Forward(batch); }
        finally { model.Training = training; }
        var weights = new WeightSnapshot<T>(model);
        var config = model.Config;
        int bsz = batch.BatchSize, h = config.HiddenSize, c = config.NumClasses, layers = config.NumLayers, dirs = config.Directions;
        var lengths = batch.Lengths.Span;
        var traces = new SequenceTrace<T>[bsz];
        for (int b = 0; b < bsz; b++)
        {
            int length = lengths[b];
            var states = new T[layers * dirs * (length + 2) * h];
            var derivatives = new T[states.Length];
            for (int k = 0; k < layers; k++)
                for (int d = 0; d < dirs; d++)
                {
                    // [T_batch, B, H], 0-based rows. Forward: row t - 1 is h_t. Reverse: row s is the state
                    // after reading step len_b - s, so h_t is row len_b - t.
                    var hidden = model.HiddenStates(k, reverse: d == 1);
                    for (int t = 1; t <= length; t++)
                    {
                        int row = d == 0 ? t - 1 : length - t;
                        int at = (((k * dirs) + d) * (length + 2) + t) * h;
                        var ht = hidden.Slice((row * bsz + b) * h, h);
                        ht.CopyTo(states.AsSpan(at, h));
                        for (int a = 0; a < h; a++) derivatives[at + a] = Activation.Derivative(config.Nonlinearity, ht[a]);
                    }
                }
            int label = !config.IsRegression && batch.HasLabels ? batch.Labels.Span[b] : -1;
            T target = config.IsRegression && batch.HasTargets ? batch.Targets.Span[b] : T.NaN;
            traces[b] = new SequenceTrace<T>(weights, b, length, label, target, states, derivatives, model.Probabilities.Slice(b * c, c).ToArray());
        }
        return traces;
    }

    /// <summary>The model's shape.</summary>
    public RnnConfig Config => _weights.Config;
    /// <summary>The directions the model's layers have: forward, and reverse when bidirectional.</summary>
    public IReadOnlyList<Direction> Directions => Analysis.Directions.Of(Config.Bidirectional);
    /// <summary>The sequence's index in the batch it was recorded from.</summary>
    public int Example { get; }
    /// <summary>T: the sequence's valid length; time steps are 1..T.</summary>
    public int Length { get; }
    /// <summary>The class c, or -1 when the batch had no labels (and for a regression head).</summary>
    public int Label { get; }
    /// <summary>Whether the loss and its gradients exist: the sequence has a class label or, for a regression head, a target.</summary>
    public bool HasLabel => Config.IsRegression ? !T.IsNaN(_target) : Label >= 0;
    /// <summary>p_T = softmax(W_o [h_T^fwd ; h_1^rev] + b_o): [C]. For a regression head, the prediction ŷ: [1].</summary>
    public ReadOnlySpan<T> Probabilities => _probabilities;
    /// <summary>ℓ = -log p_T[c] (see <see cref="CrossEntropy"/>), or (ŷ - y)² for a regression head.</summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public T Loss
    {
        get
        {
            RequireLabel();
            if (!Config.IsRegression) return CrossEntropy.Loss<T>(_probabilities, Label);
            T e = _probabilities[0] - _target;
            return e * e;
        }
    }

    /// <summary>h_t of layer <paramref name="layer"/> in <paramref name="direction"/>: t = 0..T forward (h_0 = 0), 1..T + 1 reverse (h_{T+1} = 0): [H].</summary>
    public ReadOnlySpan<T> State(int layer, int t, Direction direction = Direction.Forward)
    {
        int first = direction == Direction.Forward ? 0 : 1, last = direction == Direction.Forward ? Length : Length + 1;
        return _states.AsSpan(Row(layer, direction, t, first, last), Config.HiddenSize);
    }

    /// <summary>σ'(z_t) of layer <paramref name="layer"/> in <paramref name="direction"/>, t = 1..T, computed from h_t: [H].</summary>
    public ReadOnlySpan<T> Derivative(int layer, int t, Direction direction = Direction.Forward)
        => _derivatives.AsSpan(Row(layer, direction, t, 1, Length), Config.HiddenSize);

    /// <summary>W_hh of layer <paramref name="layer"/> in <paramref name="direction"/>: [H, H].</summary>
    public ReadOnlySpan<T> RecurrentWeights(int layer, Direction direction = Direction.Forward) => _weights.RecurrentWeights[CheckLayer(layer), CheckDirection(direction)];

    /// <summary>W_ih of layer <paramref name="layer"/> in <paramref name="direction"/>: [H, D] for layer 0, [H, H·dirs] above.</summary>
    public ReadOnlySpan<T> InputWeights(int layer, Direction direction = Direction.Forward) => _weights.InputWeights[CheckLayer(layer), CheckDirection(direction)];

    /// <summary>W_o, the classifier's weight: [C, H·dirs].</summary>
    public ReadOnlySpan<T> OutputWeights => _weights.OutputWeights;

    /// <summary>
    /// J_j of layer <paramref name="layer"/> in <paramref name="direction"/>, j = 1..T: forward
    /// ∂h_j/∂h_{j-1}, reverse ∂h_j/∂h_{j+1}; both diag(σ'(z_j)) W_hh with that direction's z and W_hh.
    /// </summary>
    public RecurrentJacobian<T> Jacobian(int layer, int j, Direction direction = Direction.Forward)
        => new(_weights.RecurrentWeights[CheckLayer(layer), CheckDirection(direction)], State(layer, j, direction).ToArray(), Derivative(layer, j, direction).ToArray(), Config.Nonlinearity, j);

    /// <summary>
    /// ∂ℓ/∂logits: p_T - onehot(c) for softmax cross-entropy, 2 (ŷ - y) for a regression head: [C].
    /// </summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public void OutputGradient(Span<T> result)
    {
        RequireLabel();
        if (result.Length != Config.NumClasses) throw new ArgumentException($"expected {Config.NumClasses} elements, got {result.Length}", nameof(result));
        if (Config.IsRegression)
        {
            result[0] = T.CreateChecked(2) * (_probabilities[0] - _target);
            return;
        }
        _probabilities.CopyTo(result);
        result[Label] -= T.One;
    }

    /// <summary>
    /// ∂ℓ/∂v = W_oᵀ ∂ℓ/∂logits for the classifier's input v: [H·dirs]. With the last state v = [h_T^fwd ; h_1^rev]
    /// (just h_T, and this is ∂ℓ/∂h_T, for a unidirectional model; see <see cref="CrossEntropy.HiddenGradient{T}"/>);
    /// with max or mean pooling v is the pooled top-layer output, and <see cref="ClassifierGradients"/> spreads it over the steps.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public void LossGradient(Span<T> result)
    {
        int c = Config.NumClasses, w = Config.OutputSize;
        if (result.Length != w) throw new ArgumentException($"∂ℓ/∂[h_T^fwd ; h_1^rev] has H·dirs = {w} elements, got {result.Length}", nameof(result));
        Span<T> dLogits = c <= 256 ? stackalloc T[c] : new T[c];
        OutputGradient(dLogits);
        // [1, H·dirs] = [1, C] · [C, H·dirs], as Linear.Backward computes dx = dy W.
        Gemm.Multiply(false, false, 1, w, c, dLogits, c, _weights.OutputWeights, w, result, w, accumulate: false);
    }

    /// <summary>
    /// e_t = ∂ℓ/∂h_t of the top layer in <paramref name="direction"/> through the classifier directly (not
    /// through the states read after h_t), for t = 1..T: [T, H], row t - 1 = e_t. With e = ∂ℓ/∂v of that
    /// direction's block (<see cref="LossGradient(Span{T})"/>): last state: e at the step the classifier reads
    /// (T forward, 1 reverse), 0 elsewhere; max: e_t[a] = e[a] at the first step t where h_t[a] attains its
    /// maximum over 1..T, 0 elsewhere; mean: e_t = e / T at every step. The total ∂ℓ/∂h_i is e_i plus what
    /// reaches h_i through later-read states (<see cref="HiddenGradients{T}"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public T[] ClassifierGradients(Direction direction = Direction.Forward)
    {
        int h = Config.HiddenSize, top = Config.NumLayers - 1;
        var e = new T[h];
        LossGradient(direction, e);
        var result = new T[Length * h];
        if (Config.Pooling == Pooling.Last)
        {
            e.CopyTo(result.AsSpan((direction.Last(Length) - 1) * h, h));
            return result;
        }
        // The model's own reduction on this sequence alone (B = 1, W = H per direction), so its tie rule is the model's.
        var states = new T[Length * h];
        for (int t = 1; t <= Length; t++) State(top, t, direction).CopyTo(states.AsSpan((t - 1) * h, h));
        var argMax = new int[Config.Pooling == Pooling.Max ? h : 0];
        int[] length = [Length];
        SequencePooling.Forward<T>(Config.Pooling, new T[h], argMax, states, length, 1, h);
        SequencePooling.Backward<T>(Config.Pooling, result, e, argMax, length, 1, h);
        return result;
    }

    /// <summary>∂ℓ/∂v of <paramref name="direction"/>'s block of the classifier's input (h_T forward, h_1 reverse with the last state; the pooled outputs otherwise): [H].</summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public void LossGradient(Direction direction, Span<T> result)
    {
        int h = Config.HiddenSize;
        Span<T> all = new T[Config.OutputSize];
        LossGradient(all);
        all.Slice(CheckDirection(direction) * h, h).CopyTo(result);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"SequenceTrace(example {Example}, T = {Length}, label {Label}, {Config.NumLayers} × {(Config.Bidirectional ? "bidirectional " : "")}{RnnConfig.NonlinearityName(Config.Nonlinearity)} layer(s) of H = {Config.HiddenSize})";

    int Row(int layer, Direction direction, int t, int first, int last)
    {
        CheckLayer(layer);
        int d = CheckDirection(direction);
        if (t < first || t > last) throw new ArgumentOutOfRangeException(nameof(t), t, $"expected a time step {first} ≤ t ≤ {last} (T = {Length}, {direction.Name()})");
        return (((layer * Config.Directions) + d) * (Length + 2) + t) * Config.HiddenSize;
    }

    int CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)Config.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"expected a layer 0 ≤ k < {Config.NumLayers}");
        return layer;
    }

    int CheckDirection(Direction direction)
    {
        if (direction.Index() >= Config.Directions) throw new ArgumentOutOfRangeException(nameof(direction), direction, "the model is not bidirectional: it has only the forward direction");
        return direction.Index();
    }

    void RequireLabel()
    {
        if (!HasLabel) throw new InvalidOperationException($"example {Example} has no {(Config.IsRegression ? "target" : "label")}: the loss and its gradients need 'y'");
    }
}
