using System.Numerics;

namespace Elman.Analysis;

/// <summary>
/// Everything the derivation gives per step i = 1..T for one sequence, one layer and one direction
/// (arrays indexed by i - 1, so they line up with the sequence's tokens): ‖∂h_t/∂h_i‖₂ with its tight
/// and loose bounds for the chain ending at the step the classifier reads (t = T forward, t = 1 reverse),
/// ‖C_i‖_F of the temporal contribution to ∂ℓ/∂W_hh, and ‖∂ℓ/∂h_i‖₂.
/// </summary>
/// <param name="Layer">The layer k.</param>
/// <param name="Direction">The direction.</param>
/// <param name="SpectralNormWhh">‖W_hh‖₂ of the layer and direction.</param>
/// <param name="JacobianNorms">‖∂h_t/∂h_i‖₂.</param>
/// <param name="TightBounds">∏ ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ over the Jacobians between i and t.</param>
/// <param name="LooseBounds">‖W_hh‖₂^lag.</param>
/// <param name="ContributionNorms">‖C_i‖_F.</param>
/// <param name="HiddenGradientNorms">‖∂ℓ/∂h_i‖₂.</param>
public sealed record StepProfile(int Layer, Direction Direction, double SpectralNormWhh,
    double[] JacobianNorms, double[] TightBounds, double[] LooseBounds, double[] ContributionNorms, double[] HiddenGradientNorms)
{
    /// <summary>Computes the profile of layer <paramref name="layer"/> in <paramref name="direction"/> for a labelled <paramref name="trace"/>.</summary>
    public static StepProfile Compute<T>(SequenceTrace<T> trace, int layer, Direction direction, NormMethod method = NormMethod.Exact)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = trace.Length;
        var jacobian = JacobianProfile.Compute(trace, layer, method: method, direction: direction);
        double[] norms = new double[steps], tight = new double[steps], loose = new double[steps];
        foreach (var l in jacobian.Lags)
        {
            norms[l.I - 1] = l.JacobianNorm;
            tight[l.I - 1] = l.TightBound;
            loose[l.I - 1] = l.LooseBound;
        }
        var g = HiddenGradients<T>.Compute(trace, layer, direction);
        return new StepProfile(layer, direction, jacobian.SpectralNormWhh, norms, tight, loose,
            BpttDecomposition<T>.Compute(trace, layer, direction).ContributionNorms(),
            Enumerable.Range(1, steps).Select(g.Norm).ToArray());
    }

    /// <summary>T.</summary>
    public int Length => JacobianNorms.Length;

    /// <summary>The lag of step i from the step the classifier reads: T - i forward, i - 1 reverse.</summary>
    public int LagOf(int i) => Direction.Lag(Direction.Last(Length), i);

    /// <summary>A per-step series (index i - 1) re-indexed by lag (index = lag).</summary>
    public double[] ByLag(double[] perStep) => Enumerable.Range(0, Length).Select(lag => perStep[StepAt(lag) - 1]).ToArray();

    /// <summary>The step i at <paramref name="lag"/>: T - lag forward, 1 + lag reverse.</summary>
    public int StepAt(int lag) => Direction == Direction.Forward ? Length - lag : 1 + lag;

    /// <summary>
    /// The lags the gradient of W_hh actually comes from: the smallest L with
    /// Σ_{lag ≤ L} ‖C‖_F ≥ <paramref name="fraction"/> · Σ_i ‖C_i‖_F (0 when all C_i vanish).
    /// </summary>
    public int LagCovering(double fraction)
    {
        var byLag = ByLag(ContributionNorms);
        double total = byLag.Sum(), sum = 0;
        if (!(total > 0)) return 0;
        for (int lag = 0; lag < byLag.Length; lag++)
        {
            sum += byLag[lag];
            if (sum >= fraction * total) return lag;
        }
        return byLag.Length - 1;
    }
}
