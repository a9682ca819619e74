using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// The immediate gradient of step i, the previously read state held constant (the "⁺" in ∂h_i⁺/∂W_hh):
/// ∂h_i⁺[a']/∂W_hh[a, b] = δ_{a'a} σ'(z_i[a]) h_{i-1}[b], since W_hh[a, b] enters only z_i[a]. Its
/// non-zero part is the matrix σ'(z_i) ⊗ h_{i-1}, [H, H], whose element [a, b] is σ'(z_i[a]) · h_{i-1}[b].
/// In the reverse direction the previously read state is h_{i+1} (h_{T+1} = 0) and W_hh is the
/// <c>_reverse</c> one: σ'(z_i) ⊗ h_{i+1}.
/// </summary>
public sealed class ImmediateGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _derivative;   // σ'(z_i) [H]
    readonly T[] _previous;     // h_{i-1} [H]
    readonly T[] _scratch;      // [H]

    /// <summary>The immediate gradient of step <paramref name="step"/> from σ'(z_i) [H] and h_{i-1} [H] (both copied).</summary>
    /// <exception cref="ArgumentException">The two vectors differ in length.</exception>
    public ImmediateGradient(ReadOnlySpan<T> derivative, ReadOnlySpan<T> previous, int step = 0)
    {
        if (derivative.Length != previous.Length) throw new ArgumentException($"σ'(z_i) has {derivative.Length} elements, h_(i-1) has {previous.Length}", nameof(previous));
        _derivative = derivative.ToArray();
        _previous = previous.ToArray();
        _scratch = new T[derivative.Length];
        Step = step;
    }

    /// <summary>The immediate gradient of step i = <paramref name="step"/> (1..T) of layer <paramref name="layer"/> in <paramref name="direction"/> of <paramref name="trace"/>.</summary>
    public static ImmediateGradient<T> Of(SequenceTrace<T> trace, int layer, int step, Direction direction = Direction.Forward)
        => new(trace.Derivative(layer, step, direction), trace.State(layer, direction.Previous(step), direction), step);

    /// <summary>i: the step (0 when not built from a trace).</summary>
    public int Step { get; }
    /// <summary>H.</summary>
    public int Size => _derivative.Length;

    /// <summary>∂h_i⁺[a]/∂W_hh[a, b] = σ'(z_i[a]) · h_{i-1}[b] (the derivative of h_i[a'] for a' ≠ a is 0).</summary>
    public T this[int a, int b] => _derivative[a] * _previous[b];

    /// <summary>σ'(z_i) ⊗ h_{i-1}: [H, H], element [a, b] = σ'(z_i[a]) · h_{i-1}[b].</summary>
    public T[] ToMatrix()
    {
        var m = new T[Size * Size];
        for (int a = 0; a < Size; a++) TensorPrimitives.Multiply<T>(_previous, _derivative[a], m.AsSpan(a * Size, Size));
        return m;
    }

    /// <summary>
    /// Contracts with g = ∂ℓ/∂h_i: (∂ℓ/∂h_i)(∂h_i⁺/∂W_hh) = (g ⊙ σ'(z_i)) h_{i-1}ᵀ, [H, H], step i's
    /// term of ∂ℓ/∂W_hh. Computed as BPTT does it (dz_i = σ'(z_i) ⊙ dh_i, then dW_hh += dz_i h_{i-1}ᵀ).
    /// g: [H]; result: [H, H], overwritten or, with <paramref name="accumulate"/>, added to.
    /// </summary>
    public void Contract(ReadOnlySpan<T> g, Span<T> result, bool accumulate = false)
    {
        if (g.Length != Size || result.Length != Size * Size)
            throw new ArgumentException($"expected g [{Size}] and result [{Size}×{Size}], got {g.Length} and {result.Length} elements");
        TensorPrimitives.Multiply(g, _derivative, _scratch);
        Gemm.Multiply(true, false, Size, Size, 1, _scratch, Size, _previous, Size, result, Size, accumulate);
    }

    /// <inheritdoc />
    public override string ToString() => $"∂h_{Step}⁺/∂W_hh = σ'(z_{Step}) ⊗ h_{Step - 1} [{Size}×{Size}]";
}
