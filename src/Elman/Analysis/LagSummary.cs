namespace Elman.Analysis;

/// <summary>A quantity at one lag, summarised over the sequences long enough to have that lag.</summary>
/// <param name="Lag">The lag: t - i forward, i - t reverse.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Count">How many sequences reach this lag.</param>
public readonly record struct LagSummary(int Lag, double Mean, double Min, double Max, int Count)
{
    /// <summary>The median (linear interpolation between order statistics, as numpy's default).</summary>
    public double Median { get; init; }
    /// <summary>The first quartile, 25 %.</summary>
    public double LowerQuartile { get; init; }
    /// <summary>The third quartile, 75 %.</summary>
    public double UpperQuartile { get; init; }

    /// <summary>
    /// Summarises per-sequence series indexed by lag (series[s][lag]; sequences of different lengths
    /// give series of different lengths) into one entry per lag up to the longest.
    /// </summary>
    public static LagSummary[] Of(IEnumerable<IReadOnlyList<double>> series)
    {
        var all = series.ToList();
        int lags = all.Count == 0 ? 0 : all.Max(s => s.Count);
        var result = new LagSummary[lags];
        for (int lag = 0; lag < lags; lag++)
        {
            var values = all.Where(s => s.Count > lag).Select(s => s[lag]).Order().ToArray();
            result[lag] = new LagSummary(lag, values.Average(), values[0], values[^1], values.Length)
            {
                Median = Quantile(values, 0.5),
                LowerQuartile = Quantile(values, 0.25),
                UpperQuartile = Quantile(values, 0.75),
            };
        }
        return result;
    }

    /// <summary>The q-quantile of ascending <paramref name="sorted"/>: value at position q (n - 1), linearly interpolated.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double at = q * (sorted.Count - 1);
        int low = (int)Math.Floor(at), high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }
}
