using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// The chain ∂h_t/∂h_i = ∏_{j=i+1..t} ∂h_j/∂h_{j-1} = J_t J_{t-1} ⋯ J_{i+1}, [H, H], for every lag
/// t - i at once: it starts at i = t (the identity) and each <see cref="StepBack"/> multiplies one
/// more Jacobian on the right, P_{i-1} = P_i J_i, so all t lags cost t matrix products instead of
/// t²/2 from scratch.
/// </summary>
/// <remarks>Going backwards in i for a fixed t is the order in which BPTT visits the steps.</remarks>
public sealed class JacobianChain<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly IReadOnlyList<RecurrentJacobian<T>> _jacobians;   // J_1..J_t at 0..t-1
    readonly T[] _product;   // P_i = ∂h_t/∂h_i [H, H]
    readonly T[] _scaled;    // P_i diag(σ'(z_i)) [H, H]
    readonly int _size;

    /// <summary>A chain over J_1..J_t (<paramref name="jacobians"/>[j - 1] = J_j), starting at i = t.</summary>
    /// <exception cref="ArgumentException">No Jacobians, or they differ in size.</exception>
    public JacobianChain(IReadOnlyList<RecurrentJacobian<T>> jacobians)
    {
        if (jacobians.Count == 0) throw new ArgumentException("a chain needs at least one Jacobian (t ≥ 1)", nameof(jacobians));
        _size = jacobians[0].Size;
        if (jacobians.Any(j => j.Size != _size)) throw new ArgumentException("all Jacobians of a chain must have the same size", nameof(jacobians));
        _jacobians = jacobians;
        _product = new T[_size * _size];
        _scaled = new T[_size * _size];
        for (int a = 0; a < _size; a++) _product[a * _size + a] = T.One;
        End = jacobians.Count;
        Start = End;
    }

    /// <summary>The chain ending at step <paramref name="end"/> (default: the sequence's last step T) of layer <paramref name="layer"/>.</summary>
    public static JacobianChain<T> Of(SequenceTrace<T> trace, int layer, int? end = null)
    {
        int t = end ?? trace.Length;
        if (t < 1 || t > trace.Length) throw new ArgumentOutOfRangeException(nameof(end), t, $"expected 1 ≤ t ≤ T = {trace.Length}");
        return new JacobianChain<T>(Enumerable.Range(1, t).Select(j => trace.Jacobian(layer, j)).ToArray());
    }

    /// <summary>t: the step the chain ends at.</summary>
    public int End { get; }
    /// <summary>i: the step the chain currently starts at, from t down to 1.</summary>
    public int Start { get; private set; }
    /// <summary>t - i.</summary>
    public int Lag => End - Start;
    /// <summary>H.</summary>
    public int Size => _size;
    /// <summary>∂h_t/∂h_i for the current i, row-major [H, H]: the identity at i = t.</summary>
    public ReadOnlySpan<T> Product => _product;

    /// <summary>The Jacobian J_j the chain multiplies in when it moves from i = j to j - 1 (j = 1..t).</summary>
    public RecurrentJacobian<T> Jacobian(int j) => _jacobians[j - 1];

    /// <summary>i ← i - 1: P ← P J_i = P diag(σ'(z_i)) W_hh. Returns false, changing nothing, at i = 1.</summary>
    public bool StepBack()
    {
        if (Start == 1) return false;
        var j = _jacobians[Start - 1];
        var derivative = j.Derivative;
        for (int a = 0; a < _size; a++)
            TensorPrimitives.Multiply<T>(_product.AsSpan(a * _size, _size), derivative, _scaled.AsSpan(a * _size, _size));
        Gemm.Multiply(false, false, _size, _size, _size, _scaled, _size, j.RecurrentWeights, _size, _product, _size, accumulate: false);
        Start--;
        return true;
    }

    /// <summary>‖∂h_t/∂h_i‖₂ for the current i, exactly.</summary>
    public double Norm() => SpectralNorm.Exact<T>(_product, _size, _size);

    /// <inheritdoc />
    public override string ToString() => $"∂h_{End}/∂h_{Start} = ∏ J_j for j = {Start + 1}..{End} [{_size}×{_size}]";
}
