using System.Numerics;
using System.Numerics.Tensors;
using Elman.Layers;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// The one-step Jacobian J_j = ∂h_j/∂h_{j-1} = diag(σ'(z_j)) W_hh, [H, H], with σ'(z_j) = 1 - h_j²
/// for tanh (from h_j: no second tanh) or the 0/1 step [h_j &gt; 0] for ReLU. It is never formed to be
/// applied: <see cref="ApplyTransposed"/> is the step BPTT takes, dh_{j-1} = W_hhᵀ (σ'(z_j) ⊙ dh_j),
/// computed by the same kernels as <see cref="RecurrentLayer.Backward{T}"/>.
/// </summary>
/// <remarks>Holds a scratch vector: use one instance per thread.</remarks>
public sealed class RecurrentJacobian<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _wHh;          // [H, H], shared, never written
    readonly T[] _state;        // h_j [H]
    readonly T[] _derivative;   // σ'(z_j) [H]
    readonly T[] _scratch;      // [H]
    readonly Nonlinearity _nonlinearity;

    /// <summary>J_j from W_hh [H, H] and h_j [H]; σ'(z_j) is computed from h_j. Copies both.</summary>
    /// <exception cref="ArgumentException">W_hh is not [H, H] for H = h_j's length.</exception>
    public RecurrentJacobian(ReadOnlySpan<T> wHh, ReadOnlySpan<T> state, Nonlinearity nonlinearity, int step = 0)
        : this(CheckShape(wHh, state.Length), state.ToArray(), Derivatives(state, nonlinearity), nonlinearity, step)
    {
    }

    internal RecurrentJacobian(T[] wHh, T[] state, T[] derivative, Nonlinearity nonlinearity, int step)
    {
        _wHh = wHh;
        _state = state;
        _derivative = derivative;
        _scratch = new T[state.Length];
        _nonlinearity = nonlinearity;
        Step = step;
    }

    /// <summary>j: the step whose state this Jacobian maps into (0 when not built from a trace).</summary>
    public int Step { get; }
    /// <summary>H: J_j is [H, H].</summary>
    public int Size => _state.Length;
    /// <summary>σ'(z_j): [H].</summary>
    public ReadOnlySpan<T> Derivative => _derivative;
    /// <summary>W_hh: [H, H].</summary>
    public ReadOnlySpan<T> RecurrentWeights => _wHh;

    /// <summary>‖diag σ'(z_j)‖₂ = max_a |σ'(z_j[a])|, the factor by which σ' can at most stretch a vector; ≤ 1 for tanh and ReLU.</summary>
    public double DerivativeNorm => double.CreateChecked(TensorPrimitives.MaxMagnitude<T>(_derivative));

    /// <summary>result = J_j v = σ'(z_j) ⊙ (W_hh v): how a change v of h_{j-1} moves h_j. v, result: [H], not overlapping.</summary>
    public void Apply(ReadOnlySpan<T> v, Span<T> result)
    {
        CheckVectors(v, result);
        // [1, H] = vᵀ W_hhᵀ, the orientation of the forward pass's W_hh h_{t-1}.
        Gemm.Multiply(false, true, 1, Size, Size, v, Size, _wHh, Size, result, Size, accumulate: false);
        TensorPrimitives.Multiply<T>(result, _derivative, result);
    }

    /// <summary>
    /// result = J_jᵀ v = W_hhᵀ (σ'(z_j) ⊙ v): one step of BPTT, carrying ∂ℓ/∂h_j back to ∂ℓ/∂h_{j-1}
    /// (exactly as <see cref="RecurrentLayer.Backward{T}"/> does: dz_j = σ'(z_j) ⊙ dh_j, then dz_j W_hh).
    /// v, result: [H], not overlapping.
    /// </summary>
    public void ApplyTransposed(ReadOnlySpan<T> v, Span<T> result)
    {
        CheckVectors(v, result);
        Activation.Backward<T>(_nonlinearity, _state, v, _scratch);
        Gemm.Multiply(false, false, 1, Size, Size, _scratch, Size, _wHh, Size, result, Size, accumulate: false);
    }

    /// <summary>J_j as a dense row-major matrix: J[a, b] = σ'(z_j[a]) W_hh[a, b], [H, H].</summary>
    public T[] ToMatrix()
    {
        var j = new T[Size * Size];
        for (int a = 0; a < Size; a++)
            TensorPrimitives.Multiply<T>(_wHh.AsSpan(a * Size, Size), _derivative[a], j.AsSpan(a * Size, Size));
        return j;
    }

    /// <summary>‖J_j‖₂, exactly (<see cref="SpectralNorm.Exact{T}"/>).</summary>
    public double Norm() => SpectralNorm.Exact<T>(ToMatrix(), Size, Size);

    /// <inheritdoc />
    public override string ToString() => $"J_{Step} = diag(σ'(z_{Step})) W_hh [{Size}×{Size}], ‖diag σ'‖₂ = {DerivativeNorm:G4}";

    void CheckVectors(ReadOnlySpan<T> v, Span<T> result)
    {
        if (v.Length != Size || result.Length != Size) throw new ArgumentException($"J_{Step} is [{Size}×{Size}]: v and result must have {Size} elements, got {v.Length} and {result.Length}");
        if (v.Overlaps(result)) throw new ArgumentException("v and result must not overlap", nameof(result));
    }

    static T[] CheckShape(ReadOnlySpan<T> wHh, int hidden)
    {
        if (hidden < 1 || wHh.Length != hidden * hidden)
            throw new ArgumentException($"W_hh has {wHh.Length} elements, expected H·H = {hidden}·{hidden} for h_j of length {hidden}", nameof(wHh));
        return wHh.ToArray();
    }

    static T[] Derivatives(ReadOnlySpan<T> state, Nonlinearity nonlinearity)
    {
        var d = new T[state.Length];
        for (int a = 0; a < d.Length; a++) d[a] = Activation.Derivative(nonlinearity, state[a]);
        return d;
    }
}
