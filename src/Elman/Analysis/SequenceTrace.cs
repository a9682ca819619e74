using System.Numerics;
using Elman.Data;
using Elman.Layers;
using Elman.Model;

namespace Elman.Analysis;

/// <summary>
/// One sequence's forward pass as the derivation indexes it (1-based time): h_0 = 0 and
/// h_t = σ(z_t), z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh for t = 1..T in every layer, with
/// σ'(z_t) computed from h_t (1 - h_t² for tanh, [h_t &gt; 0] for ReLU, no second tanh), the
/// classifier's p_T and the label c. Every Jacobian, bound and gradient decomposition in
/// <c>Elman.Analysis</c> is built from a trace.
/// </summary>
/// <remarks>T is the sequence's own length, not the padded length of its batch. The trace holds its own
/// copy of the weights it needs, so it stays valid when the model trains on.</remarks>
public sealed class SequenceTrace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly WeightSnapshot<T> _weights;
    readonly T[] _states;       // [L, T + 1, H], row 0 of each layer is h_0 = 0
    readonly T[] _derivatives;  // [L, T + 1, H], row 0 unused (zero)
    readonly T[] _probabilities; // [C]

    SequenceTrace(WeightSnapshot<T> weights, int example, int length, int label, T[] states, T[] derivatives, T[] probabilities)
    {
        _weights = weights;
        Example = example;
        Length = length;
        Label = label;
        _states = states;
        _derivatives = derivatives;
        _probabilities = probabilities;
    }

    /// <summary>Runs <paramref name="model"/> on <paramref name="batch"/> once and returns the trace of every sequence in it.</summary>
    /// <exception cref="ElmanException">The batch does not fit the model.</exception>
    public static IReadOnlyList<SequenceTrace<T>> Record(RnnClassifier<T> model, in SequenceBatch<T> batch)
    {
        model.Forward(batch);
        var weights = new WeightSnapshot<T>(model);
        var config = model.Config;
        int bsz = batch.BatchSize, h = config.HiddenSize, c = config.NumClasses, layers = config.NumLayers;
        var lengths = batch.Lengths.Span;
        var traces = new SequenceTrace<T>[bsz];
        for (int b = 0; b < bsz; b++)
        {
            int length = lengths[b];
            var states = new T[layers * (length + 1) * h];
            var derivatives = new T[states.Length];
            for (int k = 0; k < layers; k++)
            {
                var hidden = model.HiddenStates(k);   // [T_batch, B, H], 0-based rows: row t - 1 is h_t
                for (int t = 1; t <= length; t++)
                {
                    int at = (k * (length + 1) + t) * h;
                    var ht = hidden.Slice(((t - 1) * bsz + b) * h, h);
                    ht.CopyTo(states.AsSpan(at, h));
                    for (int a = 0; a < h; a++) derivatives[at + a] = Activation.Derivative(config.Nonlinearity, ht[a]);
                }
            }
            int label = batch.HasLabels ? batch.Labels.Span[b] : -1;
            traces[b] = new SequenceTrace<T>(weights, b, length, label, states, derivatives, model.Probabilities.Slice(b * c, c).ToArray());
        }
        return traces;
    }

    /// <summary>The model's shape.</summary>
    public RnnConfig Config => _weights.Config;
    /// <summary>The sequence's index in the batch it was recorded from.</summary>
    public int Example { get; }
    /// <summary>T: the sequence's valid length; time steps are 1..T.</summary>
    public int Length { get; }
    /// <summary>The class c, or -1 when the batch had no labels.</summary>
    public int Label { get; }
    /// <summary>Whether <see cref="Label"/> is known, so the loss and its gradients exist.</summary>
    public bool HasLabel => Label >= 0;
    /// <summary>p_T = softmax(W_o h_T + b_o): [C].</summary>
    public ReadOnlySpan<T> Probabilities => _probabilities;
    /// <summary>ℓ = -log p_T[c] (see <see cref="CrossEntropy"/>).</summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public T Loss => CrossEntropy.Loss<T>(_probabilities, RequireLabel());

    /// <summary>h_t of layer <paramref name="layer"/>, t = 0..T (h_0 = 0): [H].</summary>
    public ReadOnlySpan<T> State(int layer, int t) => _states.AsSpan(Row(layer, t, first: 0), Config.HiddenSize);

    /// <summary>σ'(z_t) of layer <paramref name="layer"/>, t = 1..T, computed from h_t: [H].</summary>
    public ReadOnlySpan<T> Derivative(int layer, int t) => _derivatives.AsSpan(Row(layer, t, first: 1), Config.HiddenSize);

    /// <summary>W_hh of layer <paramref name="layer"/>: [H, H].</summary>
    public ReadOnlySpan<T> RecurrentWeights(int layer) => _weights.RecurrentWeights[CheckLayer(layer)];

    /// <summary>W_ih of layer <paramref name="layer"/>: [H, D] for layer 0, [H, H] above.</summary>
    public ReadOnlySpan<T> InputWeights(int layer) => _weights.InputWeights[CheckLayer(layer)];

    /// <summary>W_o, the classifier's weight: [C, H].</summary>
    public ReadOnlySpan<T> OutputWeights => _weights.OutputWeights;

    /// <summary>J_j = ∂h_j/∂h_{j-1} = diag(σ'(z_j)) W_hh of layer <paramref name="layer"/>, j = 1..T.</summary>
    public RecurrentJacobian<T> Jacobian(int layer, int j)
        => new(_weights.RecurrentWeights[CheckLayer(layer)], State(layer, j).ToArray(), Derivative(layer, j).ToArray(), Config.Nonlinearity, j);

    /// <summary>∂ℓ/∂h_T of the top layer = W_oᵀ (p_T - y) (see <see cref="CrossEntropy.HiddenGradient{T}"/>): [H].</summary>
    /// <exception cref="InvalidOperationException">The sequence has no label.</exception>
    public void LossGradient(Span<T> result) => CrossEntropy.HiddenGradient<T>(_probabilities, RequireLabel(), _weights.OutputWeights, result);

    /// <inheritdoc />
    public override string ToString()
        => $"SequenceTrace(example {Example}, T = {Length}, label {Label}, {Config.NumLayers} × {RnnConfig.NonlinearityName(Config.Nonlinearity)} layer(s) of H = {Config.HiddenSize})";

    int Row(int layer, int t, int first)
    {
        CheckLayer(layer);
        if (t < first || t > Length) throw new ArgumentOutOfRangeException(nameof(t), t, $"expected a time step {first} ≤ t ≤ T = {Length}");
        return (layer * (Length + 1) + t) * Config.HiddenSize;
    }

    int CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)Config.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"expected a layer 0 ≤ k < {Config.NumLayers}");
        return layer;
    }

    int RequireLabel() => HasLabel ? Label : throw new InvalidOperationException($"example {Example} has no label: the loss and its gradients need 'y'");
}
