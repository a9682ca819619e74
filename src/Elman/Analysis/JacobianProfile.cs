using System.Numerics;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>How a spectral norm is computed.</summary>
public enum NormMethod
{
    /// <summary>All singular values by Jacobi SVD (<see cref="SpectralNorm.Exact(ReadOnlySpan{double}, int, int)"/>).</summary>
    Exact,
    /// <summary>Power iteration to <see cref="SpectralNorm.DefaultTolerance"/> (<see cref="SpectralNorm.Estimate(ReadOnlySpan{double}, int, int, double, int, ulong)"/>): a lower bound, much faster for large H.</summary>
    PowerIteration,
}

/// <summary>‖∂h_t/∂h_i‖₂ at one lag with its two upper bounds.</summary>
/// <param name="I">i, the earlier-read step: 1..t forward, t..T reverse.</param>
/// <param name="Lag">t - i forward, i - t reverse.</param>
/// <param name="JacobianNorm">‖∂h_t/∂h_i‖₂ (1 at lag 0).</param>
/// <param name="TightBound">∏ ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ over the lag's Jacobians J_k (k = i+1..t forward, t..i-1 reverse); 1 at lag 0.</param>
/// <param name="LooseBound">‖W_hh‖₂^lag.</param>
public readonly record struct LagNorm(int I, int Lag, double JacobianNorm, double TightBound, double LooseBound);

/// <summary>
/// For one sequence, one layer and one direction, ‖∂h_t/∂h_i‖₂ at every lag, next to the bounds that
/// follow from submultiplicativity and ‖diag σ'‖₂ ≤ 1. Forward (i = t, t-1, …, 1, lag t - i):
/// ‖∂h_t/∂h_i‖₂ ≤ ∏_{k=i+1..t} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂^(t-i).
/// Reverse (i = t, t+1, …, T, lag i - t, with the <c>_reverse</c> W_hh and z):
/// ‖∂h_t/∂h_i‖₂ ≤ ∏_{k=t..i-1} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂^(i-t).
/// These are the numbers <c>elman jacobian --json</c> prints.
/// </summary>
/// <param name="Example">The sequence's index in its batch.</param>
/// <param name="Layer">The layer k.</param>
/// <param name="End">t, the step the chains end at (by default the one the classifier reads: T forward, 1 reverse).</param>
/// <param name="SpectralNormWhh">‖W_hh‖₂ of the layer and direction, exactly.</param>
/// <param name="Lags">One entry per lag 0, 1, … (i = t first).</param>
/// <param name="Direction">The direction whose recursion the chains follow.</param>
public sealed record JacobianProfile(int Example, int Layer, int End, double SpectralNormWhh, IReadOnlyList<LagNorm> Lags, Direction Direction = Direction.Forward)
{
    /// <summary>Walks a <see cref="JacobianChain{T}"/> from i = t back through the reading order, taking each product's norm by <paramref name="method"/>.</summary>
    public static JacobianProfile Compute<T>(SequenceTrace<T> trace, int layer, int? end = null, NormMethod method = NormMethod.Exact, Direction direction = Direction.Forward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chain = JacobianChain<T>.Of(trace, layer, end, direction);
        int h = chain.Size, t = chain.End;
        double whh = SpectralNorm.Exact(trace.RecurrentWeights(layer, direction), h, h);
        var lags = new List<LagNorm>(t);
        double tight = 1;
        do
        {
            double norm = chain.Lag == 0 ? 1 : method == NormMethod.Exact
                ? chain.Norm()
                : SpectralNorm.Estimate<T>(chain.Product, h, h).Value;
            lags.Add(new LagNorm(chain.Start, chain.Lag, norm, tight, Math.Pow(whh, chain.Lag)));
            // Moving on from i multiplies in J_i, whose norm is at most ‖diag σ'(z_i)‖₂ ‖W_hh‖₂.
            if (chain.CanStepBack) tight *= chain.Jacobian(chain.Start).DerivativeNorm * whh;
        }
        while (chain.StepBack());
        return new JacobianProfile(trace.Example, layer, t, whh, lags, direction);
    }
}
