namespace Elman.Analysis;

/// <summary>
/// The per-step growth rate of a quantity that behaves like c · r^lag: r = exp(slope) of the
/// least-squares line through (lag, ln value). r &lt; 1 means it vanishes with the lag, r &gt; 1 that
/// it explodes; for ∂h_t/∂h_i = W_hh^(t-i) (the linear regime) r is W_hh's spectral radius.
/// </summary>
public static class GrowthRate
{
    /// <summary>Fits r to values[lag] over lags ≥ <paramref name="firstLag"/>, skipping values that are not positive and finite; NaN with fewer than two points.</summary>
    public static double Fit(IReadOnlyList<double> values, int firstLag = 1)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int lag = Math.Max(firstLag, 0); lag < values.Count; lag++)
        {
            double v = values[lag];
            if (!(v > 0) || !double.IsFinite(v)) continue;
            double y = Math.Log(v);
            n++;
            sx += lag;
            sy += y;
            sxx += (double)lag * lag;
            sxy += lag * y;
        }
        double denominator = n * sxx - sx * sx;
        return n < 2 || denominator == 0 ? double.NaN : Math.Exp((n * sxy - sx * sy) / denominator);
    }
}
