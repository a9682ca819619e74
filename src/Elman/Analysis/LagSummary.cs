namespace Elman.Analysis;

/// <summary>A quantity at one lag, summarised over the sequences long enough to have that lag.</summary>
/// <param name="Lag">t - i.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Count">How many sequences reach this lag.</param>
public readonly record struct LagSummary(int Lag, double Mean, double Min, double Max, int Count)
{
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
            var values = all.Where(s => s.Count > lag).Select(s => s[lag]).ToList();
            result[lag] = new LagSummary(lag, values.Average(), values.Min(), values.Max(), values.Count);
        }
        return result;
    }
}
