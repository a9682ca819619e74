using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// The chain of one direction's Jacobians for every lag at once. Forward: ∂h_t/∂h_i =
/// J_t J_{t-1} ⋯ J_{i+1}, i = t, t-1, …, 1. Reverse: ∂h_t/∂h_i = J_t J_{t+1} ⋯ J_{i-1}, i = t, t+1, …, T,
/// because the reverse direction reads step i before step i - 1 (J_j = ∂h_j/∂h_{j+1}). It starts at
/// i = t (the identity) and each <see cref="StepBack"/> multiplies one more Jacobian on the right,
/// P ← P J_i, so all lags cost one matrix product each instead of t²/2 from scratch.
/// </summary>
/// <remarks>Going backwards in reading order from a fixed t is the order in which BPTT visits the steps.</remarks>
public sealed class JacobianChain<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly IReadOnlyList<RecurrentJacobian<T>> _jacobians;   // J_1..J_T at 0..T-1 (sequence order)
    readonly T[] _product;   // P = ∂h_t/∂h_i [H, H]
    readonly T[] _scaled;    // P diag(σ'(z_i)) [H, H]
    readonly int _size;

    /// <summary>A forward chain over J_1..J_t (<paramref name="jacobians"/>[j - 1] = J_j), starting at i = t.</summary>
    /// <exception cref="ArgumentException">No Jacobians, or they differ in size.</exception>
    public JacobianChain(IReadOnlyList<RecurrentJacobian<T>> jacobians) : this(jacobians, Direction.Forward, jacobians.Count)
    {
    }

    /// <summary>
    /// A chain over J_1..J_T (<paramref name="jacobians"/>[j - 1] = J_j) of <paramref name="direction"/>,
    /// ending at step <paramref name="end"/> and starting there (i = t).
    /// </summary>
    /// <exception cref="ArgumentException">No Jacobians, or they differ in size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The end is not a step 1..T.</exception>
    public JacobianChain(IReadOnlyList<RecurrentJacobian<T>> jacobians, Direction direction, int end)
    {
        if (jacobians.Count == 0) throw new ArgumentException("a chain needs at least one Jacobian (T ≥ 1)", nameof(jacobians));
        if (end < 1 || end > jacobians.Count) throw new ArgumentOutOfRangeException(nameof(end), end, $"expected 1 ≤ t ≤ T = {jacobians.Count}");
        _size = jacobians[0].Size;
        if (jacobians.Any(j => j.Size != _size)) throw new ArgumentException("all Jacobians of a chain must have the same size", nameof(jacobians));
        _jacobians = jacobians;
        _product = new T[_size * _size];
        _scaled = new T[_size * _size];
        for (int a = 0; a < _size; a++) _product[a * _size + a] = T.One;
        Direction = direction;
        End = end;
        Start = end;
    }

    /// <summary>
    /// The chain of layer <paramref name="layer"/> in <paramref name="direction"/> ending at step
    /// <paramref name="end"/>; by default the step the classifier reads (T forward, 1 reverse).
    /// </summary>
    public static JacobianChain<T> Of(SequenceTrace<T> trace, int layer, int? end = null, Direction direction = Direction.Forward)
    {
        int t = end ?? direction.Last(trace.Length);
        if (t < 1 || t > trace.Length) throw new ArgumentOutOfRangeException(nameof(end), t, $"expected 1 ≤ t ≤ T = {trace.Length}");
        return new JacobianChain<T>(Enumerable.Range(1, trace.Length).Select(j => trace.Jacobian(layer, j, direction)).ToArray(), direction, t);
    }

    /// <summary>The direction whose recursion the chain follows.</summary>
    public Direction Direction { get; }
    /// <summary>t: the step the chain ends at.</summary>
    public int End { get; }
    /// <summary>i: the step the chain currently starts at, from t back to 1 (forward) or on to T (reverse).</summary>
    public int Start { get; private set; }
    /// <summary>The number of recurrent steps between h_i and h_t: t - i forward, i - t reverse.</summary>
    public int Lag => Direction.Lag(End, Start);
    /// <summary>H.</summary>
    public int Size => _size;
    /// <summary>∂h_t/∂h_i for the current i, row-major [H, H]: the identity at i = t.</summary>
    public ReadOnlySpan<T> Product => _product;

    /// <summary>The Jacobian J_j (j = 1..T) the chain multiplies in when it moves on from i = j.</summary>
    public RecurrentJacobian<T> Jacobian(int j) => _jacobians[j - 1];

    /// <summary>Whether <see cref="StepBack"/> can move on: i &gt; 1 forward, i &lt; T reverse.</summary>
    public bool CanStepBack => Direction == Direction.Forward ? Start > 1 : Start < _jacobians.Count;

    /// <summary>
    /// One step further back in reading order: P ← P J_i = P diag(σ'(z_i)) W_hh, then i ← i - 1
    /// (forward) or i ← i + 1 (reverse). Returns false, changing nothing, at the sequence's first-read step.
    /// </summary>
    public bool StepBack()
    {
        if (!CanStepBack) return false;
        var j = _jacobians[Start - 1];
        var derivative = j.Derivative;
        for (int a = 0; a < _size; a++)
            TensorPrimitives.Multiply<T>(_product.AsSpan(a * _size, _size), derivative, _scaled.AsSpan(a * _size, _size));
        Gemm.Multiply(false, false, _size, _size, _size, _scaled, _size, j.RecurrentWeights, _size, _product, _size, accumulate: false);
        Start = Direction.Previous(Start);
        return true;
    }

    /// <summary>‖∂h_t/∂h_i‖₂ for the current i, exactly.</summary>
    public double Norm() => SpectralNorm.Exact<T>(_product, _size, _size);

    /// <inheritdoc />
    public override string ToString() => Direction == Direction.Forward
        ? $"∂h_{End}/∂h_{Start} = ∏ J_j for j = {Start + 1}..{End} [{_size}×{_size}]"
        : $"∂h_{End}/∂h_{Start} (reverse) = ∏ J_j for j = {End}..{Start - 1} [{_size}×{_size}]";
}
