using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Analysis;

/// <summary>
/// The BPTT gradient of W_hh as a sum over time,
/// ∂ℓ/∂W_hh = Σ_{i=1..T} (∂ℓ/∂h_T)(∂h_T/∂h_i)(∂h_i⁺/∂W_hh) = Σ_i C_i,
/// with each step's contribution C_i = (g_i ⊙ σ'(z_i)) h_{i-1}ᵀ, [H, H], g_i = ∂ℓ/∂h_i
/// (<see cref="HiddenGradients{T}"/>, which also covers lower layers of a stack, and with max or mean
/// pooling the classifier's direct term at every step it reads, g_i = e_i + J_{i+1}ᵀ g_{i+1}). The norms ‖C_i‖_F
/// against i are the temporal contribution profile: how much of the gradient comes from each step,
/// and so how far back the model can learn from.
/// In the reverse direction (<c>_reverse</c> W_hh) z_i reads h_{i+1}, so C_i = (g_i ⊙ σ'(z_i)) h_{i+1}ᵀ,
/// C_T = 0 because h_{T+1} = 0, and step i lies i - 1 steps before the state h_1 the classifier reads.
/// </summary>
public sealed class BpttDecomposition<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _contributions;   // [T, H, H], block i - 1 = C_i

    BpttDecomposition(int layer, Direction direction, int steps, int hidden, int sequences, T[] contributions)
    {
        Layer = layer;
        Direction = direction;
        Steps = steps;
        Size = hidden;
        Sequences = sequences;
        _contributions = contributions;
    }

    /// <summary>The contributions of one labelled sequence to the gradient of its own loss ℓ = -log p_T[c].</summary>
    public static BpttDecomposition<T> Compute(SequenceTrace<T> trace, int layer, Direction direction = Direction.Forward) => Mean([trace], layer, direction);

    /// <summary>
    /// The contributions to the gradient of the mean loss (1/B) Σ_b ℓ_b over <paramref name="traces"/>
    /// (one batch): C_i = (1/B) Σ_b C_i^(b), over the sequences with T_b ≥ i. Their sum is what
    /// <c>RnnClassifier.Backward</c> adds into ∂ℓ/∂W_hh for that batch.
    /// </summary>
    /// <exception cref="ArgumentException">No traces.</exception>
    public static BpttDecomposition<T> Mean(IReadOnlyList<SequenceTrace<T>> traces, int layer, Direction direction = Direction.Forward)
    {
        if (traces.Count == 0) throw new ArgumentException("no sequences to decompose", nameof(traces));
        int h = traces[0].Config.HiddenSize, steps = traces.Max(t => t.Length), block = h * h;
        var sum = new T[steps * block];
        var term = new T[block];
        T scale = T.One / T.CreateChecked(traces.Count);
        foreach (var trace in traces)
        {
            var g = HiddenGradients<T>.Compute(trace, layer, direction);
            for (int i = 1; i <= trace.Length; i++)
            {
                ImmediateGradient<T>.Of(trace, layer, i, direction).Contract(g[i], term);
                var target = sum.AsSpan((i - 1) * block, block);
                TensorPrimitives.MultiplyAdd(term, scale, target, target);
            }
        }
        return new BpttDecomposition<T>(layer, direction, steps, h, traces.Count, sum);
    }

    /// <summary>The layer k whose W_hh is decomposed.</summary>
    public int Layer { get; }
    /// <summary>The direction whose W_hh is decomposed.</summary>
    public Direction Direction { get; }
    /// <summary>T: the number of steps (the longest sequence).</summary>
    public int Steps { get; }
    /// <summary>H.</summary>
    public int Size { get; }
    /// <summary>B: how many sequences the loss is the mean over.</summary>
    public int Sequences { get; }

    /// <summary>C_i, step i's term of ∂ℓ/∂W_hh, i = 1..T: [H, H]. C_1 = 0 forward because h_0 = 0; C_T = 0 reverse because h_{T+1} = 0 (for the longest sequences).</summary>
    public ReadOnlySpan<T> Contribution(int i)
        => i >= 1 && i <= Steps ? _contributions.AsSpan((i - 1) * Size * Size, Size * Size) : throw new ArgumentOutOfRangeException(nameof(i), i, $"expected 1 ≤ i ≤ T = {Steps}");

    /// <summary>Σ_i C_i = ∂ℓ/∂W_hh: [H, H].</summary>
    public T[] Sum()
    {
        var total = new T[Size * Size];
        for (int i = 1; i <= Steps; i++) TensorPrimitives.Add(total, Contribution(i), total);
        return total;
    }

    /// <summary>The temporal contribution profile: ‖C_i‖_F for i = 1..T (index i - 1).</summary>
    public double[] ContributionNorms()
        => Enumerable.Range(1, Steps).Select(i => Math.Sqrt(double.CreateChecked(TensorPrimitives.SumOfSquares(Contribution(i))))).ToArray();

    /// <inheritdoc />
    public override string ToString() => $"∂ℓ/∂W_hh (layer {Layer}, {Direction.Name()}) = Σ_{{i=1..{Steps}}} C_i [{Size}×{Size}], mean over {Sequences} sequence(s)";
}
