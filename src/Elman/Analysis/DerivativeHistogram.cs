using System.Numerics;
using Elman.Model;
using Elman.Layers;

namespace Elman.Analysis;

/// <summary>
/// How σ'(z_t[a]) is distributed over every valid step t, unit a and sequence of a layer: the factor
/// diag(σ'(z_t)) each Jacobian J_t = diag(σ'(z_t)) W_hh applies. For tanh σ' = 1 - h² ∈ (0, 1], near 0
/// when a unit saturates at ±1; for ReLU σ' ∈ {0, 1}, 0 for an inactive unit. Either way small σ'
/// shrinks ‖J_t‖₂ below ‖W_hh‖₂ and makes gradients vanish faster than the weights alone would.
/// </summary>
public sealed class DerivativeHistogram
{
    /// <summary>σ' below this counts as saturated (tanh: |h| &gt; 0.949) or inactive (ReLU: σ' = 0).</summary>
    public const double SaturationThreshold = 0.1;

    DerivativeHistogram(Nonlinearity nonlinearity, long[] counts, long total, double mean, long saturated)
    {
        Nonlinearity = nonlinearity;
        Counts = counts;
        Total = total;
        Mean = mean;
        SaturatedFraction = total == 0 ? 0 : (double)saturated / total;
    }

    /// <summary>Counts σ'(z_t) of layer <paramref name="layer"/> in <paramref name="direction"/> into <paramref name="bins"/> equal bins over [0, 1].</summary>
    public static DerivativeHistogram Compute<T>(IEnumerable<SequenceTrace<T>> traces, int layer, int bins = 10, Direction direction = Direction.Forward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new long[bins];
        long total = 0, saturated = 0;
        double sum = 0;
        var nonlinearity = Nonlinearity.Tanh;
        foreach (var trace in traces)
        {
            nonlinearity = trace.Config.Nonlinearity;
            for (int t = 1; t <= trace.Length; t++)
                foreach (var value in trace.Derivative(layer, t, direction))
                {
                    double d = double.CreateChecked(value);
                    counts[Math.Clamp((int)(d * bins), 0, bins - 1)]++;
                    sum += d;
                    total++;
                    if (d < SaturationThreshold) saturated++;
                }
        }
        return new DerivativeHistogram(nonlinearity, counts, total, total == 0 ? double.NaN : sum / total, saturated);
    }

    /// <summary>σ of the layer.</summary>
    public Nonlinearity Nonlinearity { get; }
    /// <summary>Counts per bin; bin k covers [k/n, (k+1)/n), the last one includes 1.</summary>
    public IReadOnlyList<long> Counts { get; }
    /// <summary>n: the number of bins.</summary>
    public int Bins => Counts.Count;
    /// <summary>How many values were counted (sequences × steps × units).</summary>
    public long Total { get; }
    /// <summary>The mean σ'.</summary>
    public double Mean { get; }
    /// <summary>The fraction with σ' &lt; <see cref="SaturationThreshold"/>.</summary>
    public double SaturatedFraction { get; }

    /// <summary>The lower edge of bin <paramref name="k"/>.</summary>
    public double LowerEdge(int k) => (double)k / Bins;

    /// <inheritdoc />
    public override string ToString() => $"σ' over {Total:N0} values: mean {Mean:F3}, {SaturatedFraction:P1} below {SaturationThreshold}";
}
