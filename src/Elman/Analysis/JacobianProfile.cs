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
/// <param name="I">i, the earlier step (1..t).</param>
/// <param name="Lag">t - i.</param>
/// <param name="JacobianNorm">‖∂h_t/∂h_i‖₂ (1 at lag 0).</param>
/// <param name="TightBound">∏_{k=i+1..t} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ (1 at lag 0).</param>
/// <param name="LooseBound">‖W_hh‖₂^(t-i).</param>
public readonly record struct LagNorm(int I, int Lag, double JacobianNorm, double TightBound, double LooseBound);

/// <summary>
/// For one sequence and one layer, ‖∂h_t/∂h_i‖₂ at every lag t - i, i = t, t-1, …, 1, next to the
/// bounds that follow from submultiplicativity and ‖diag σ'‖₂ ≤ 1:
/// ‖∂h_t/∂h_i‖₂ ≤ ∏_{k=i+1..t} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂^(t-i).
/// These are the numbers <c>elman jacobian --json</c> prints.
/// </summary>
/// <param name="Example">The sequence's index in its batch.</param>
/// <param name="Layer">The layer k.</param>
/// <param name="End">t, the step the chains end at.</param>
/// <param name="SpectralNormWhh">‖W_hh‖₂ of the layer, exactly.</param>
/// <param name="Lags">One entry per i = t, t-1, …, 1 (lag 0 first).</param>
public sealed record JacobianProfile(int Example, int Layer, int End, double SpectralNormWhh, IReadOnlyList<LagNorm> Lags)
{
    /// <summary>Walks a <see cref="JacobianChain{T}"/> from i = t down to 1, taking each product's norm by <paramref name="method"/>.</summary>
    public static JacobianProfile Compute<T>(SequenceTrace<T> trace, int layer, int? end = null, NormMethod method = NormMethod.Exact)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chain = JacobianChain<T>.Of(trace, layer, end);
        int h = chain.Size, t = chain.End;
        double whh = SpectralNorm.Exact(trace.RecurrentWeights(layer), h, h);
        var lags = new List<LagNorm>(t);
        double tight = 1;
        do
        {
            double norm = chain.Lag == 0 ? 1 : method == NormMethod.Exact
                ? chain.Norm()
                : SpectralNorm.Estimate<T>(chain.Product, h, h).Value;
            lags.Add(new LagNorm(chain.Start, chain.Lag, norm, tight, Math.Pow(whh, chain.Lag)));
            // Moving to i - 1 multiplies in J_i, whose norm is at most ‖diag σ'(z_i)‖₂ ‖W_hh‖₂.
            if (chain.Start > 1) tight *= chain.Jacobian(chain.Start).DerivativeNorm * whh;
        }
        while (chain.StepBack());
        return new JacobianProfile(trace.Example, layer, t, whh, lags);
    }
}
