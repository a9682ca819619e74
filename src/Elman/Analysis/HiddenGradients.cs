using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// ∂ℓ/∂h_i for i = 1..T of one layer of one sequence: the total derivative, through every later step.
/// In the top layer only h_T reaches the classifier, so
/// ∂ℓ/∂h_i = (∂ℓ/∂h_T)(∂h_T/∂h_i) = (∂ℓ/∂h_T) J_T ⋯ J_{i+1}, computed right to left as BPTT does:
/// g_T = W_oᵀ (p_T - y), g_i = J_{i+1}ᵀ g_{i+1}. In a lower layer k every h_t also feeds layer k+1,
/// which adds e_t = W_ih^(k+1)ᵀ (σ'(z_t^(k+1)) ⊙ g_t^(k+1)) at each step:
/// g_i = e_i + J_{i+1}ᵀ g_{i+1} = Σ_{t=i..T} e_t ∂h_t/∂h_i.
/// </summary>
public sealed class HiddenGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _g;   // [T + 1, H], row i = ∂ℓ/∂h_i, row 0 unused

    HiddenGradients(int layer, int length, int hidden, T[] g)
    {
        Layer = layer;
        Length = length;
        Size = hidden;
        _g = g;
    }

    /// <summary>∂ℓ/∂h_i of layer <paramref name="layer"/> for every step of a labelled <paramref name="trace"/>.</summary>
    /// <exception cref="InvalidOperationException">The trace has no label.</exception>
    public static HiddenGradients<T> Compute(SequenceTrace<T> trace, int layer)
    {
        var config = trace.Config;
        if ((uint)layer >= (uint)config.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"expected a layer 0 ≤ k < {config.NumLayers}");
        int steps = trace.Length, h = config.HiddenSize;
        var g = new T[(steps + 1) * h];
        var e = new T[(steps + 1) * h];   // e_t: ∂ℓ/∂h_t through the layer above (or the classifier) only
        var dz = new T[h];
        trace.LossGradient(e.AsSpan(steps * h, h));
        for (int k = config.NumLayers - 1; k >= layer; k--)
        {
            e.AsSpan(steps * h, h).CopyTo(g.AsSpan(steps * h, h));
            for (int i = steps - 1; i >= 1; i--)
            {
                var gi = g.AsSpan(i * h, h);
                trace.Jacobian(k, i + 1).ApplyTransposed(g.AsSpan((i + 1) * h, h), gi);
                TensorPrimitives.Add(gi, e.AsSpan(i * h, h), gi);
            }
            if (k == layer) break;
            // h_t^(k-1) enters z_t^(k) through W_ih^(k): e_t = W_ih^(k)ᵀ dz_t^(k), dz_t^(k) = σ'(z_t^(k)) ⊙ g_t^(k).
            var wIh = trace.InputWeights(k);
            for (int t = 1; t <= steps; t++)
            {
                TensorPrimitives.Multiply(g.AsSpan(t * h, h), trace.Derivative(k, t), dz);
                Gemm.Multiply(false, false, 1, h, h, dz, h, wIh, h, e.AsSpan(t * h, h), h, accumulate: false);
            }
        }
        return new HiddenGradients<T>(layer, steps, h, g);
    }

    /// <summary>The layer k.</summary>
    public int Layer { get; }
    /// <summary>T.</summary>
    public int Length { get; }
    /// <summary>H.</summary>
    public int Size { get; }

    /// <summary>∂ℓ/∂h_i, i = 1..T: [H].</summary>
    public ReadOnlySpan<T> this[int i]
        => i >= 1 && i <= Length ? _g.AsSpan(i * Size, Size) : throw new ArgumentOutOfRangeException(nameof(i), i, $"expected 1 ≤ i ≤ T = {Length}");

    /// <summary>‖∂ℓ/∂h_i‖₂.</summary>
    public double Norm(int i) => Math.Sqrt(double.CreateChecked(TensorPrimitives.SumOfSquares(this[i])));

    /// <summary>‖∂ℓ/∂h_{T-lag}‖₂ for lag = 0..T-1 (index = lag).</summary>
    public double[] NormsByLag() => Enumerable.Range(0, Length).Select(lag => Norm(Length - lag)).ToArray();
}
